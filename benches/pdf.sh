#!/usr/bin/env bash
# The PDF benchmark (docs/pdf.md): for each size N (default 1,000 and 10,000 documents)
# the same corpus (benches/corpus.py) built with every document's PDF (`--pdf`:
# PDF/UA-1 + PDF/A-2a) and without, alternately, on tmpfs; prints wall and CPU time,
# peak RSS and PDFs per second (documents ÷ the wall time the PDFs add) as a Markdown
# table for BENCHMARKS.md. Whether a build with PDFs off is as fast as before is
# measured against the previous binary with farm-bench (see BENCHMARKS.md).
#
#     bash benches/pdf.sh [N ...]
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000)
work=${STYRDOK_BENCH_DIR:-/dev/shm/styrdok-pdf-bench}
mkdir -p "$work"
cargo build --release --quiet
bin=$PWD/target/release/styrdok
runs=${STYRDOK_PDF_RUNS:-3}

measure() { # prints "wall peak_kb cpu" of one build
  /usr/bin/time -f "%e %M %U %S" -o "$work/time.txt" "$bin" build --root "$1" --today 2025-01-15 --output "$work/out" >/dev/null 2>"$work/err.txt" || { cat "$work/err.txt" >&2; return 1; }
  read -r e m u s <"$work/time.txt"
  echo "$e $m $(python3 -c "print(round($u + $s, 2))")"
}

median() { sort -n -k1,1 | sed -n "$(((runs + 1) / 2))p"; }

echo "| documents | PDFs | wall, PDFs off | wall, PDFs on | CPU off / on | peak RSS off / on | PDFs per second (wall) |"
echo "|---|---|---|---|---|---|---|"
for n in "${sizes[@]}"; do
  python3 benches/corpus.py --docs "$n" --out "$work/off-$n" >/dev/null
  python3 benches/corpus.py --docs "$n" --out "$work/on-$n" --pdf >/dev/null
  : >"$work/off.txt"
  : >"$work/on.txt"
  for _ in $(seq "$runs"); do
    measure "$work/off-$n" >>"$work/off.txt"
    measure "$work/on-$n" >>"$work/on.txt"
  done
  pdfs=$(find "$work/out" -name '*.pdf' | wc -l)
  read -r off_wall off_kb off_cpu < <(median <"$work/off.txt")
  read -r on_wall on_kb on_cpu < <(median <"$work/on.txt")
  rate=$(python3 -c "print(round($pdfs / max($on_wall - $off_wall, 0.001), 1))")
  echo "| $n | $pdfs | $off_wall s | $on_wall s | $off_cpu / $on_cpu s | $((off_kb / 1024)) / $((on_kb / 1024)) MiB | $rate |"
  rm -rf "$work/off-$n" "$work/on-$n" "$work/out"
done
