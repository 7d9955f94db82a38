#!/usr/bin/env bash
# Makes a git repository holding a styrdok site with a long history, to measure what
# reading the history costs (BENCHMARKS.md, "Git history").
#
#   benches/history-repo.sh DIR [COMMITS] [DOCUMENTS]
#
# DOCUMENTS documents (default 200) are added by the first commit; each of the other
# COMMITS-1 commits (default 1,000 in all) changes one of the first quarter of them.
# The other three quarters are never changed again, so the history walk cannot stop
# early: it has to reach the first commit, the worst case. Written with
# `git fast-import` in seconds; author dates are fixed, one hour apart, so the
# repository is the same on every run.
set -euo pipefail
dir=${1:?usage: history-repo.sh DIR [COMMITS] [DOCUMENTS]}
commits=${2:-1000}
docs=${3:-200}
changing=$(( docs / 4 > 0 ? docs / 4 : 1 ))
mkdir -p "$dir"
cd "$dir"
git init -q
start=1704067200 # 2024-01-01T00:00:00Z

# Sets $text to the text of document N at a revision (printf -v: no subshell, so that
# thousands of commits take seconds).
doc() {
  printf -v text -- '---\ntitle: Dokument %d\ntype: page\ndecided: 2024-01-01\n---\nText %d, version %d.\n' "$1" "$1" "$2"
}
blob() { # fast-import inline data: its exact length in bytes, then the bytes
  local LC_ALL=C
  printf 'data %d\n%s\n' "${#1}" "$1"
}

{
  for ((c = 0; c < commits; c++)); do
    t=$(( start + c * 3600 ))
    author=$(( c % 7 ))
    printf 'commit refs/heads/main\n'
    printf 'author Redaktör %d <redaktor%d@example.org> %d +0100\n' "$author" "$author" "$t"
    printf 'committer CI <ci@example.org> %d +0100\n' "$t"
    if (( c == 0 )); then
      blob "Lägg till webbplatsen"
      printf 'M 100644 inline styrdok.yaml\n'
      blob "title: Historik"
      for ((d = 0; d < docs; d++)); do
        printf 'M 100644 inline content/del-%d/dokument-%d.md\n' $(( d % 10 )) "$d"
        doc "$d" 0
        blob "$text"
      done
    else
      # Later commits continue the branch fast-import is writing.
      d=$(( (c * 7) % changing ))
      blob "Ändra dokument $d (ändring $c)"
      printf 'M 100644 inline content/del-%d/dokument-%d.md\n' $(( d % 10 )) "$d"
      doc "$d" "$c"
      blob "$text"
    fi
    printf '\n'
  done
} | git fast-import --quiet
git checkout -q main 2>/dev/null || git reset -q --hard main
echo "$dir: $(git rev-list --count HEAD) commits, $(git ls-files content | wc -l) documents"
