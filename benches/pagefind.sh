#!/usr/bin/env bash
# Pagefind, measured the way styrdok's own search is (issue: "engine choice, by
# measurement"): it indexes the Hugo build of a benchmark corpus that benches/run.sh
# made (same Markdown bodies), with Swedish stemming, and a first query's bytes are
# measured in chromium by benches/search-payload.mjs against a minimal page that calls
# Pagefind's JavaScript API (search, then the data of the first ten results, as
# styrdok's page shows ten) — no Pagefind UI, which would add its own ~127 KB.
#
#     bash benches/pagefind.sh [N]        (default 10000; run benches/run.sh N first)
#
# Installs pagefind (npm, pinned) into a temporary folder; prints its build time, peak
# memory and the payload JSON line. Nothing of Pagefind is committed.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10000}
if [ -z "${STYRDOK_BENCH_DIR:-}" ] && [ -d /dev/shm ]; then work=/dev/shm/styrdok-bench; else work=${STYRDOK_BENCH_DIR:-/tmp/styrdok-bench}; fi
site=$work/hugo-$n/public
[ -d "$site" ] || { echo "no $site: run benches/run.sh $n first" >&2; exit 1; }
tool=$work/pagefind-tool
if [ ! -x "$tool/node_modules/.bin/pagefind" ]; then
  mkdir -p "$tool"
  (cd "$tool" && npm init -y >/dev/null && npm install --no-audit --no-fund --loglevel=error pagefind@1.6.0 >/dev/null)
fi
rm -rf "$site/pagefind"
/usr/bin/time -f "%e %M %U %S" -o "$work/pagefind-time.txt" \
  "$tool/node_modules/.bin/pagefind" --site "$site" --force-language sv >"$work/pagefind.log" 2>&1
read -r secs kb user sys < "$work/pagefind-time.txt"
cat > "$site/pf-search.html" <<'HTML'
<!DOCTYPE html><html lang="sv"><head><meta charset="utf-8"><title>Pagefind</title></head>
<body><p id="sok-status"></p>
<script type="module">
const q = new URLSearchParams(location.search).get('q') || '';
const pagefind = await import('./pagefind/pagefind.js');
const search = await pagefind.search(q);
await Promise.all(search.results.slice(0, 10).map((r) => r.data()));
document.getElementById('sok-status').textContent = `${search.results.length} träffar`;
</script></body></html>
HTML
payload=$(node benches/search-payload.mjs "$site" --page pf-search.html | tail -1)
files=$(find "$site/pagefind" -type f | wc -l)
size=$(du -sk "$site/pagefind" | cut -f1)
echo "{\"documents\": $n, \"pagefind_seconds\": $secs, \"pagefind_cpu_seconds\": $(python3 -c "print(round($user + $sys, 2))"), \"pagefind_peak_kb\": $kb, \"index_files\": $files, \"index_kb\": $size, \"payload\": $payload}"
