// The bytes a first search query transfers, measured in a real browser (Debian's
// chromium via playwright-core, as the browser gates use it) against a built site
// served on 127.0.0.1 by tests/browser/serve.mjs (plain files, no server compression).
// Each query opens the search page in a fresh browser context (empty cache), as a
// reader who searches for the first time, and waits until the results are shown.
//
//   node benches/search-payload.mjs PUBLIC_DIR [QUERY ...] [--page PATH]
//
// Prints one JSON line: per query the bytes of the page itself (HTML, CSS), of the
// search scripts (search.js, the Snowball stemmer) and of the index files (manifest,
// units and people tables, term shards, the metadata of the results shown), and the
// largest total of the search part (scripts + index), which is the figure the
// benchmark reports against Pagefind's.
import { launchBrowser, siteUrl } from '../tests/browser/lib.mjs';
import { startServer } from '../tests/browser/serve.mjs';
import path from 'node:path';

const [publicDir, ...given] = process.argv.slice(2);
if (!publicDir) {
  console.error('usage: node benches/search-payload.mjs PUBLIC_DIR [QUERY ...]');
  process.exit(2);
}
const queries = given.length
  ? [...given]
  : ['vårdskador', 'kompetensförsörjning', 'patientsäkerhet', 'överfallslarm larm'];

const server = await startServer({ root: path.resolve(publicDir) });
process.env.STYRDOK_SITE_URL = server.url;
const browser = await launchBrowser();

// `--page PATH` measures another search page instead of styrdok's `sok/`, e.g. the
// Pagefind page benches/pagefind.sh writes (its status line in `#sok-status` too).
const pageFlag = queries.indexOf('--page');
let searchPage = 'sok/';
if (pageFlag >= 0) {
  searchPage = queries[pageFlag + 1];
  queries.splice(pageFlag, 2);
  if (!queries.length) queries.push('vårdskador', 'kompetensförsörjning', 'patientsäkerhet', 'överfallslarm larm');
}

function kind(url) {
  const p = new URL(url).pathname;
  if (p.includes('/sok/idx/')) return 'index';
  if (p.includes('/pagefind/')) return /\.(js|wasm[^/]*)$/.test(p) || /wasm\./.test(p) ? 'scripts' : 'index';
  if (/\/assets\/(search|snowball-[a-z]+)\.js$/.test(p)) return 'scripts';
  return 'page';
}

const results = [];
try {
  for (const query of queries) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const responses = [];
    page.on('requestfinished', (r) => responses.push(r));
    await page.goto(siteUrl(`${searchPage}?q=${encodeURIComponent(query)}`));
    await page.waitForFunction(() => {
      const s = document.getElementById('sok-status')?.textContent ?? '';
      return /\d+ (träff|hit|result)|Inga träffar|No results/i.test(s);
    }, null, { timeout: 60000 });
    // Let the metadata of the shown results finish loading.
    await page.waitForLoadState('networkidle');
    const bytes = { page: 0, scripts: 0, index: 0 };
    const files = [];
    for (const r of responses) {
      const sizes = await r.sizes();
      const n = sizes.responseBodySize + sizes.responseHeadersSize;
      bytes[kind(r.url())] += n;
      files.push([new URL(r.url()).pathname, n]);
    }
    const status = await page.locator('#sok-status').textContent();
    results.push({
      query,
      status: status.trim(),
      requests: responses.length,
      ...bytes,
      search: bytes.scripts + bytes.index,
      files,
    });
    await context.close();
  }
} finally {
  await browser.close();
  server.close();
}

const max = Math.max(...results.map((r) => r.search));
console.log(JSON.stringify({
  search_bytes_max: max,
  queries: results.map(({ files, ...r }) => r),
  largest: results.find((r) => r.search === max).files,
}));
