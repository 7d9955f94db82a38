// Search in a real browser (Debian's chromium via playwright-core) against the demo site
// served on 127.0.0.1: Swedish stemming, compounds found by their first part, record
// hits landing on their anchor, facets narrowing and surviving a reload, keyboard-only
// use, no JavaScript errors and no request leaving the site.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, siteUrl } from './lib.mjs';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

// A page that records JavaScript errors and every request it makes.
async function open(path) {
  const page = await browser.newPage();
  const problems = [];
  const requests = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    // A missing favicon is the browser's own request, not the page's.
    if (m.type() === 'error' && !/favicon/.test(m.location()?.url ?? '')) problems.push(`console: ${m.text()}`);
  });
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(siteUrl(path));
  return { page, problems, requests };
}

// Waits until a search has rendered its status line.
async function searched(page) {
  await page.waitForFunction(() => {
    const s = document.getElementById('sok-status')?.textContent ?? '';
    return /\d+ träff|Inga träffar/.test(s);
  }, null, { timeout: 15000 });
  return page.locator('#sok-status').textContent();
}

function count(status) {
  const m = /(\d+) träff/.exec(status);
  return m ? Number(m[1]) : 0;
}

async function finish({ page, problems, requests }) {
  const origin = new URL(siteUrl('')).origin;
  const outside = requests.filter((u) => !u.startsWith(origin) && !u.startsWith('data:'));
  await page.close();
  assert.deepEqual(problems, [], 'no JavaScript errors');
  assert.deepEqual(outside, [], 'no request leaves the site');
}

test('"vårdskador" finds other forms of the word (Swedish stemming)', async () => {
  const p = await open('sok/?q=v%C3%A5rdskador');
  const status = await searched(p.page);
  assert.ok(count(status) > 0, status);
  const marked = await p.page.locator('#sok-results mark').allTextContents();
  const forms = new Set(marked.map((m) => m.toLowerCase()));
  assert.ok([...forms].every((f) => f.startsWith('vårdskad')), [...forms].join(', '));
  assert.ok([...forms].some((f) => f !== 'vårdskador'), `only "vårdskador" marked: ${[...forms]}`);
  await finish(p);
});

test('the first part of a compound finds the compound', async () => {
  const p = await open('sok/?q=patients%C3%A4kerhet');
  assert.ok(count(await searched(p.page)) > 0);
  const marked = (await p.page.locator('#sok-results mark').allTextContents()).map((m) => m.toLowerCase());
  assert.ok(
    marked.some((m) => m.startsWith('patientsäkerhet') && m.length > 'patientsäkerhet'.length),
    `no compound marked: ${marked.join(', ')}`,
  );
  await finish(p);
});

test('a record hit is a result of its own and lands on its anchor', async () => {
  const p = await open('sok/?q=%C3%B6verfallslarm');
  assert.ok(count(await searched(p.page)) > 0);
  const link = p.page.locator('#sok-results .hit-title a', { hasText: /^Åtgärd larm — / }).first();
  const href = await link.getAttribute('href');
  assert.match(href, /#action-larm$/);
  await link.click();
  await p.page.waitForURL(/#action-larm$/);
  assert.equal(await p.page.locator('#action-larm').count(), 1, 'the anchor exists');
  assert.ok(await p.page.evaluate(() => document.querySelector(':target')?.id === 'action-larm'));
  await finish(p);
});

test('"kompetensförsörjning" finds risk 14 as a record hit', async () => {
  const p = await open('sok/?q=kompetensf%C3%B6rs%C3%B6rjning');
  assert.ok(count(await searched(p.page)) > 0);
  const titles = await p.page.locator('#sok-results .hit-title a').allTextContents();
  assert.ok(titles.some((t) => /^Risk 14 — /.test(t)), titles.join('\n'));
  const hrefs = await p.page.locator('#sok-results .hit-title a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  assert.ok(hrefs.some((h) => /#activity-/.test(h)), `no activity among ${hrefs.join(' ')}`);
  await finish(p);
});

test('a facet narrows the results and survives a reload', async () => {
  const p = await open('sok/?q=kompetensf%C3%B6rs%C3%B6rjning');
  const before = count(await searched(p.page));
  const risk = p.page.locator('#sok-facets input[name="slag"][value="risk"]');
  await risk.check();
  await p.page.waitForFunction((n) => {
    const m = /(\d+) träff/.exec(document.getElementById('sok-status').textContent);
    return m && Number(m[1]) < n;
  }, before);
  const after = count(await p.page.locator('#sok-status').textContent());
  assert.ok(after > 0 && after < before, `${before} → ${after}`);
  const kinds = await p.page.locator('#sok-results .hit-meta').allTextContents();
  assert.ok(kinds.every((k) => k.startsWith('Risk')), kinds.join('\n'));
  assert.match(p.page.url(), /[?&]slag=risk(&|$)/);
  assert.match(p.page.url(), /[?&]q=kompetensf/);
  await p.page.reload();
  assert.equal(count(await searched(p.page)), after);
  assert.ok(await p.page.locator('#sok-facets input[name="slag"][value="risk"]').isChecked());
  assert.equal(await p.page.locator('#sok-q').inputValue(), 'kompetensförsörjning');
  // Facets show counts.
  assert.match(await p.page.locator('#sok-facets').textContent(), /\(\d+\)/);
  await finish(p);
});

test('keyboard only: header box, type, Enter, arrow to a result, Enter', async () => {
  const p = await open('');
  const { page } = p;
  // Tab to the header's search box.
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(() => document.activeElement?.id === 'site-search-q')) break;
  }
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'site-search-q');
  await page.keyboard.type('överfallslarm');
  await Promise.all([page.waitForURL(/\/sok\/\?q=/), page.keyboard.press('Enter')]);
  assert.ok(count(await searched(page)) > 0);
  // The outcome is where focus lands, and in the page's title.
  await page.waitForFunction(() => document.activeElement?.id === 'sok-status');
  const status = await page.locator('#sok-status').textContent();
  assert.match(status, /överfallslarm/);
  assert.ok((await page.title()).startsWith(status), `title: ${await page.title()}`);
  // On the search page: back to its box, then arrow down into the results.
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press('Shift+Tab');
    if (await page.evaluate(() => document.activeElement?.id === 'sok-q')) break;
  }
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'sok-q');
  await page.keyboard.press('ArrowDown');
  const focused = await page.evaluate(() => document.activeElement?.closest('#sok-results') !== null);
  assert.ok(focused, 'ArrowDown moves to the first result');
  // The focus is visible (the theme's outline).
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.notEqual(outline, 'none');
  const href = await page.evaluate(() => document.activeElement.getAttribute('href'));
  await Promise.all([page.waitForURL((u) => u.href.endsWith(href.split('/').pop())), page.keyboard.press('Enter')]);
  await finish(p);
});

test('the result count is announced in a live region', async () => {
  const p = await open('sok/?q=risk');
  await searched(p.page);
  const live = p.page.locator('#sok-status');
  assert.equal(await live.getAttribute('role'), 'status');
  assert.equal(await live.getAttribute('aria-live'), 'polite');
  assert.ok(await p.page.locator('label[for="sok-q"]').count());
  await finish(p);
});
