#!/usr/bin/env bash
# Measures `styrdok build` with and without history from git on the repository that
# benches/history-repo.sh makes (1,000 commits, 200 documents by default).
#
#   benches/history-bench.sh [COMMITS] [DOCUMENTS] [RUNS]
#
# Prints, each way, the fastest of RUNS builds (default 15): the wall time and the
# CPU time (user + system). History is read on its own thread while the documents load,
# so on several cores it mostly hides behind loading: the CPU time shows what it costs.
# Uses the release binary (cargo build --release first). Needs GNU time (/usr/bin/time).
set -euo pipefail
cd "$(dirname "$0")/.."
commits=${1:-1000}
docs=${2:-200}
runs=${3:-15}
bin=$PWD/target/release/styrdok
[ -x "$bin" ] || cargo build --release --quiet
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
benches/history-repo.sh "$work/repo" "$commits" "$docs"

# The fastest run: other work on the machine only ever adds time.
fastest() { sort -n | head -1; }

measure() { # prints "WALL_MS CPU_MS", the fastest of $runs builds
  : > "$work/times"
  for ((i = 0; i < runs; i++)); do
    /usr/bin/time -f '%e %U %S' -o "$work/t" \
      "$bin" build --root "$work/repo" --output "$work/out" --today 2025-01-15 2>"$work/log"
    awk '{ printf "%d %d\n", $1 * 1000, ($2 + $3) * 1000 }' "$work/t" >> "$work/times"
  done
  echo "$(cut -d' ' -f1 "$work/times" | fastest) $(cut -d' ' -f2 "$work/times" | fastest)"
}

read -r on_wall on_cpu < <(measure)
tail -1 "$work/log"
grep -q 'Ändringshistorik' "$work/out/del-3/dokument-3/index.html" || {
  echo "no history on the page" >&2
  exit 1
}
printf 'title: Historik\nhistory:\n  enabled: false\n' > "$work/repo/styrdok.yaml"
read -r off_wall off_cpu < <(measure)
echo "history on:  wall $on_wall ms, cpu $on_cpu ms (fastest of $runs builds)"
echo "history off: wall $off_wall ms, cpu $off_cpu ms"
