#!/usr/bin/env bash
# The performance benchmark. For each size N (default 1,000, 10,000 and 100,000 documents)
# it generates a synthetic corpus (benches/corpus.py), then measures:
#   - the full build: wall time and peak RSS (search index included when the build makes one);
#   - the incremental rebuild after editing one document: median of 20 edits (benches/incremental.rs),
#     and median of 10 of each kind of edit (body, title, owner, score, add-record, delete);
#   - the bytes a first search query transfers (benches/search-payload.mjs, in chromium,
#     when the browser tests' dependencies are installed: scripts/test.sh installs them);
#   - Hugo (Debian's package, minimal layouts) building the same Markdown bodies, and the ratio.
# Results go to BENCHMARKS.md (the "Build benchmark" section) with the machine and the date.
#
#     bash benches/run.sh [N ...]
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000 100000)
# On tmpfs when there is one: on this project's VMs, ext4 spends more and more system
# time finding free inodes when tens of thousands of files are created and deleted
# build after build (measured: 2 s → 17 s of system time over six builds of the same
# 10k site), which measures the disk, not the generators. Both generators write there.
if [ -z "${STYRDOK_BENCH_DIR:-}" ] && [ -d /dev/shm ]; then work=/dev/shm/styrdok-bench; else work=${STYRDOK_BENCH_DIR:-/tmp/styrdok-bench}; fi
mkdir -p "$work"

if ! command -v hugo >/dev/null; then
  (apt-get update -qq && apt-get install -y -qq hugo) >/dev/null 2>&1 || echo "hugo could not be installed; the Hugo column stays empty"
fi
command -v /usr/bin/time >/dev/null || (apt-get install -y -qq time >/dev/null 2>&1 || true)
cargo build --release --quiet
bin=$PWD/target/release/styrdok
results=$work/results.tsv
: > "$results"
kinds=$work/kinds.tsv
: > "$kinds"

median3() { # runs `measure` three times, prints the run with the median wall time
  local runs=()
  for _ in 1 2 3; do runs+=("$(measure "$@")") || return 1; done
  printf '%s\n' "${runs[@]}" | sort -n -k1,1 | sed -n 2p
}

measure() { # prints "seconds peak_kb cpu_seconds" for a command
  /usr/bin/time -f "%e %M %U %S" -o "$work/time.txt" "$@" >/dev/null 2>"$work/cmd.err" || { cat "$work/cmd.err" >&2; return 1; }
  read -r e m u s < "$work/time.txt"
  echo "$e $m $(python3 -c "print(round($u + $s, 2))")"
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
  read -r cold_secs _ _ < <(measure "$bin" build --root "$corpus" --today 2025-01-15)      # first build: no public/ yet
  read -r secs kb cpu < <(median3 "$bin" build --root "$corpus" --today 2025-01-15)   # replaces an existing public/
  incr=$(cargo bench --quiet --bench incremental -- "$corpus" 20 2>/dev/null | tail -1 || echo '{}')
  payload=""
  if [ -d tests/browser/node_modules/playwright-core ] && [ -x /usr/bin/chromium ]; then
    payload=$(node benches/search-payload.mjs "$corpus/public" 2>/dev/null | tail -1 || true)
  fi
  hsecs=""; hkb=""; hcpu=""
  if command -v hugo >/dev/null; then
    hugo_site "$corpus" "$work/hugo-$n"
    (cd "$work/hugo-$n" && hugo --quiet >/dev/null 2>&1 || true)   # first build, like styrdok's
    read -r hsecs hkb hcpu < <(cd "$work/hugo-$n" && median3 hugo --quiet --destination "$work/hugo-$n/public") || true
  fi
  # Every kind of edit, each against the full in-memory build of its own run.
  for kind in body title owner score add-record delete; do
    printf '%s\t%s\n' "$n" "$(cargo bench --quiet --bench incremental -- "$corpus" 10 --edit "$kind" 2>/dev/null | tail -1 || echo '{}')" >> "$kinds"
  done
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$n" "$secs" "$kb" "$hsecs" "$hkb" "$incr" "$payload" "$cold_secs" "$cpu" "$hcpu" >> "$results"
  echo "N=$n: styrdok ${secs}s (first ${cold_secs}s) ${kb}KB cpu ${cpu}s; hugo ${hsecs}s ${hkb}KB cpu ${hcpu}s; incremental $incr"
done

python3 - "$kinds" <<'PY'
import json, re, sys
rows = [l.rstrip("\n").split("\t", 1) for l in open(sys.argv[1]) if l.strip()]
out = ["## Incremental rebuilds by kind of edit\n",
       "By `bash benches/run.sh`: `cargo bench --bench incremental -- SITE 10 --edit KIND`, median of 10 edits,",
       "each against the full in-memory build of the same run (target: ≤ 3 %).\n",
       "| documents | edit | full in memory | median | ratio | files re-rendered |",
       "| ---: | --- | ---: | ---: | ---: | ---: |"]
for n, line in rows:
    try:
        r = json.loads(line)
    except json.JSONDecodeError:
        continue
    out.append(f"| {int(n):,} | {r['edit']} | {r['full_memory_ms']:.0f} ms | {r['median_ms']:.0f} ms | "
               f"{100 * r['median_ms'] / r['full_memory_ms']:.1f} % | {r['median_files_rendered']:,} |")
table = "\n".join(out) + "\n"
text = open("BENCHMARKS.md").read()
# Only the table is rewritten: the notes below it (what changed, what did not help) stay.
pattern = r"## Incremental rebuilds by kind of edit\n.*?(?=\n\*\*|\n## |\Z)"
if re.search(pattern, text, flags=re.S):
    text = re.sub(pattern, lambda _: table, text, count=1, flags=re.S)
else:
    text = text.rstrip() + "\n\n" + table
open("BENCHMARKS.md", "w").write(text)
print(table)
PY

python3 - "$results" <<'PY'
import json, os, platform, subprocess, sys, datetime, re
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.processor())
mem = next((l.split(":", 1)[1].strip() for l in open("/proc/meminfo") if l.startswith("MemTotal")), "?")
out = []
out.append("## Build benchmark\n")
out.append(f"Measured {datetime.date.today()} on {os.cpu_count()} cores ({cpu}), {mem} memory, by `bash benches/run.sh`,")
out.append("with corpora and output on tmpfs. Corpus: `benches/corpus.py` (synthetic Swedish governance documents")
out.append("of ~530 words with risk, activity and action blocks, responsibles, areas and cross-links). styrdok builds")
out.append("everything (document pages, views, risk exports, search index); Hugo = Debian's `hugo` with minimal")
out.append("layouts over the same Markdown, without search. \"Rebuild\" replaces an existing `public/` (the")
out.append("figure compared with Hugo; median of three runs, as is Hugo's); \"first\" is a build with no `public/` yet.")
out.append("CPU = user + system seconds. Peak RSS of the median run.\n")
out.append("| documents | styrdok rebuild | first build | CPU | peak RSS | Hugo | Hugo CPU | Hugo peak RSS | Hugo ÷ styrdok | incremental (median of 20) | files re-rendered | first query: search bytes |")
out.append("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
for n, secs, kb, hsecs, hkb, incr, payload, cold, cpu_s, hcpu in (r + [""] * (10 - len(r)) for r in rows):
    try:
        inc = json.loads(incr or "{}")
    except json.JSONDecodeError:
        inc = {}
    try:
        pay = json.loads(payload or "{}")
    except json.JSONDecodeError:
        pay = {}
    ratio = f"{float(hsecs) / float(secs):.2f}" if hsecs and secs else "–"
    mb = lambda k: f"{int(k) / 1024:,.0f} MB" if k else "–"
    s = lambda v: f"{v} s" if v else "–"
    search = f"{pay['search_bytes_max'] / 1024:.0f} KB" if pay.get("search_bytes_max") else "–"
    out.append(f"| {int(n):,} | {s(secs)} | {s(cold)} | {s(cpu_s)} | {mb(kb)} | {s(hsecs)} | {s(hcpu)} | {mb(hkb)} | {ratio} | "
               f"{str(inc.get('median_ms', '–')) + ' ms' if inc else '–'} | {inc.get('median_files_rendered', '–')} | {search} |")
sized = [(int(r[0]), json.loads(r[6])) for r in rows if len(r) > 6 and r[6].startswith("{")]
if sized:
    out.append("")
    out.append("First search query, per query (bytes as transferred from a plain static server, in chromium with an")
    out.append("empty cache, `benches/search-payload.mjs`; \"search\" = search.js + stemmer + index files, the figure")
    out.append("the 150 KB budget is about; the search page's own HTML and CSS are apart):\n")
    out.append("| documents | query | results | page | scripts | index | search |")
    out.append("| ---: | --- | ---: | ---: | ---: | ---: | ---: |")
    for n, pay in sized:
        for q in pay["queries"]:
            kb = lambda b: f"{b / 1024:.1f} KB"
            out.append(f"| {n:,} | {q['query']} | {q['status']} | {kb(q['page'])} | {kb(q['scripts'])} | {kb(q['index'])} | {kb(q['search'])} |")
section = "\n".join(out) + "\n"
path = "BENCHMARKS.md"
text = open(path).read() if os.path.exists(path) else "# Benchmarks\n\n"
text = re.sub(r"## Build benchmark\n.*?(?=\n## |\Z)", "", text, flags=re.S).rstrip() + "\n\n" + section
open(path, "w").write(text)
print(section)
PY
