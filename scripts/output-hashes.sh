#!/usr/bin/env bash
# Prints a SHA-256 of every output file of the demo site, of every fixture site that
# builds, and of a 1,000-document corpus (benches/corpus.py, seed 1), each built with
# --today 2025-01-15: one line `SITE PATH HASH` per file, sorted. Two runs of it (on two
# commits) compared with diff prove a change left every output byte as it was.
#
#   scripts/output-hashes.sh [STYRDOK_BINARY] > hashes.txt
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-target/release/styrdok}
[ -x "$bin" ] || { echo "no binary $bin (cargo build --release)" >&2; exit 2; }
bin=$(realpath "$bin")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

hash_site() { # NAME ROOT
  local name=$1 root=$2 out="$work/out-$1"
  # Fixtures whose purpose is an error do not build; they have no output to compare.
  if "$bin" build --root "$root" --today 2025-01-15 --output "$out" >/dev/null 2>&1; then
    (cd "$out" && find . -type f -print0 | sort -z | xargs -0 sha256sum) |
      awk -v site="$name" '{ print site, substr($2, 3), $1 }'
  fi
}

# The demo site, outside git so its history does not depend on this clone's commits.
mkdir "$work/demo"
cp -r content styrdok.yaml "$work/demo/"
[ -d templates ] && cp -r templates "$work/demo/"
[ -d static ] && cp -r static "$work/demo/"
hash_site demo "$work/demo"
for fixture in tests/fixtures/*/ tests/fixtures/errors/*/; do
  [ -f "$fixture/styrdok.yaml" ] || continue
  name=$(basename "$fixture")
  cp -r "$fixture" "$work/fixture-$name"
  hash_site "fixture-$name" "$work/fixture-$name"
done
python3 benches/corpus.py --docs 1000 --out "$work/corpus" >/dev/null
hash_site corpus-1k "$work/corpus"
