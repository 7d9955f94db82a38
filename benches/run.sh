#!/usr/bin/env bash
# The performance benchmark. For each size N (default 1,000, 10,000 and 100,000 documents)
# it generates a synthetic corpus (benches/corpus.py), then measures:
#   - the full build: wall time and peak RSS (search index included when the build makes one);
#   - the incremental rebuild after editing one document: median of 20 edits (benches/incremental.rs);
#   - the bytes a first search query transfers, when benches/search-payload.py exists;
#   - Hugo (Debian's package, minimal layouts) building the same Markdown bodies, and the ratio.
# Results go to BENCHMARKS.md (the "Build benchmark" section) with the machine and the date.
#
#     bash benches/run.sh [N ...]
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000 100000)
work=${STYRDOK_BENCH_DIR:-/tmp/styrdok-bench}
mkdir -p "$work"

if ! command -v hugo >/dev/null; then
  (apt-get update -qq && apt-get install -y -qq hugo) >/dev/null 2>&1 || echo "hugo could not be installed; the Hugo column stays empty"
fi
command -v /usr/bin/time >/dev/null || (apt-get install -y -qq time >/dev/null 2>&1 || true)
cargo build --release --quiet
bin=$PWD/target/release/styrdok
results=$work/results.tsv
: > "$results"

measure() { # prints "seconds peak_kb" for a command
  /usr/bin/time -f "%e %M" -o "$work/time.txt" "$@" >/dev/null 2>"$work/cmd.err" || { cat "$work/cmd.err" >&2; return 1; }
  cat "$work/time.txt"
}

hugo_site() { # the same Markdown bodies under minimal Hugo layouts
  local corpus=$1 out=$2
  rm -rf "$out"; mkdir -p "$out/layouts/_default"
  cp -r "$corpus/content" "$out/content"
  cat > "$out/hugo.toml" <<'TOML'
baseURL = "/"
disableKinds = ["taxonomy", "term", "RSS", "sitemap"]
[markup.goldmark.renderer]
unsafe = false
TOML
  cat > "$out/layouts/_default/single.html" <<'HTML'
<!DOCTYPE html><html lang="sv"><head><meta charset="utf-8"><title>{{ .Title }}</title></head><body><main><h1>{{ .Title }}</h1>{{ .Content }}</main></body></html>
HTML
  cat > "$out/layouts/_default/list.html" <<'HTML'
<!DOCTYPE html><html lang="sv"><head><meta charset="utf-8"><title>{{ .Title }}</title></head><body><main><h1>{{ .Title }}</h1><ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul></main></body></html>
HTML
}

for n in "${sizes[@]}"; do
  corpus=$work/corpus-$n
  [ -f "$corpus/styrdok.yaml" ] || python3 benches/corpus.py --docs "$n" --out "$corpus"
  rm -rf "$corpus/public"
  measure "$bin" build --root "$corpus" --today 2025-01-15 >/dev/null          # cold: first build
  read -r secs kb < <(measure "$bin" build --root "$corpus" --today 2025-01-15)  # replaces an existing public/
  incr=$(cargo bench --quiet --bench incremental -- "$corpus" 20 2>/dev/null | tail -1 || echo '{}')
  payload=""
  if [ -f benches/search-payload.py ]; then payload=$(python3 benches/search-payload.py "$corpus/public" 2>/dev/null || true); fi
  hsecs=""; hkb=""
  if command -v hugo >/dev/null; then
    hugo_site "$corpus" "$work/hugo-$n"
    (cd "$work/hugo-$n" && hugo --quiet >/dev/null 2>&1 || true)   # warm the file cache
    read -r hsecs hkb < <(cd "$work/hugo-$n" && measure hugo --quiet --destination "$work/hugo-$n/public") || true
  fi
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$n" "$secs" "$kb" "$hsecs" "$hkb" "$incr" "$payload" >> "$results"
  echo "N=$n: styrdok ${secs}s ${kb}KB; hugo ${hsecs}s ${hkb}KB; incremental $incr; search $payload"
done

python3 - "$results" <<'PY'
import json, os, platform, subprocess, sys, datetime, re
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.processor())
mem = next((l.split(":", 1)[1].strip() for l in open("/proc/meminfo") if l.startswith("MemTotal")), "?")
out = []
out.append("## Build benchmark\n")
out.append(f"Measured {datetime.date.today()} on {os.cpu_count()} cores ({cpu}), {mem} memory, by `bash benches/run.sh`.")
out.append("Corpus: `benches/corpus.py` (synthetic Swedish governance documents of ~530 words with risk,")
out.append("activity and action blocks, responsibles, areas and cross-links). Full build = `styrdok build`")
out.append("replacing an existing `public/`; Hugo = Debian's `hugo` with minimal layouts over the same Markdown.\n")
out.append("| documents | styrdok build | peak RSS | Hugo build | Hugo peak RSS | Hugo ÷ styrdok | incremental rebuild (median of 20) | files re-rendered (median) | first search query |")
out.append("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
for n, secs, kb, hsecs, hkb, incr, payload in (r + [""] * (7 - len(r)) for r in rows):
    try:
        inc = json.loads(incr or "{}")
    except json.JSONDecodeError:
        inc = {}
    ratio = f"{float(hsecs) / float(secs):.2f}" if hsecs and secs else "–"
    mb = lambda k: f"{int(k) / 1024:.0f} MB" if k else "–"
    out.append(f"| {int(n):,} | {secs} s | {mb(kb)} | {hsecs + ' s' if hsecs else '–'} | {mb(hkb)} | {ratio} | "
               f"{str(inc.get('median_ms', '–')) + ' ms' if inc else '–'} | {inc.get('median_files_rendered', '–')} | {payload or '–'} |")
section = "\n".join(out) + "\n"
path = "BENCHMARKS.md"
text = open(path).read() if os.path.exists(path) else "# Benchmarks\n\n"
text = re.sub(r"## Build benchmark\n.*?(?=\n## |\Z)", "", text, flags=re.S).rstrip() + "\n\n" + section
open(path, "w").write(text)
print(section)
PY
