// Gate: axe-core in Debian chromium on every kind of page of the built site, for
// WCAG 2.0/2.1 A and AA (what EN 301 549 and so the Swedish DOS law require): zero
// violations. Each kind of page is one test, so a failure names the kind, the URL, the
// rule and the offending elements.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { axeViolations as axe, describeViolations as describe } from './checks.mjs';
import { launchBrowser, siteUrl } from './lib.mjs';
import { pagesByKind } from './site.mjs';

let browser;
let context;

before(async () => {
  browser = await launchBrowser();
  context = await browser.newContext();
});

after(async () => {
  await browser?.close();
});

const pages = pagesByKind(2);

test('the site has pages of every basic kind', () => {
  const kinds = new Set(pages.map((p) => p.kind));
  for (const kind of ['start', '404']) assert.ok(kinds.has(kind), `no ${kind} page found`);
  assert.ok([...kinds].some((k) => k.startsWith('document:')), 'no document page found');
});

for (const { kind, url } of pages) {
  test(`axe: ${kind} (${url || '/'})`, async () => {
    const page = await context.newPage();
    try {
      const response = await page.goto(siteUrl(url), { waitUntil: 'load' });
      assert.equal(response.status(), 200, `${url}: HTTP ${response.status()}`);
      const violations = await axe(page);
      assert.equal(violations.length, 0, `${siteUrl(url)} (${kind}):\n${describe(violations)}`);
    } finally {
      await page.close();
    }
  });
}

// A page with a search field is also checked with results shown: the results are
// rendered by script, after the first check ran.
const searchPage = pages.find((p) => /(^|\/)(sok|search)\/$/.test(p.url));
test('axe: search with results shown', { skip: !searchPage && 'the site has no search page' }, async () => {
  const page = await context.newPage();
  try {
    await page.goto(siteUrl(searchPage.url), { waitUntil: 'load' });
    const field = page.locator('input[type="search"]').first();
    await field.fill('risk');
    await field.press('Enter');
    await page.waitForTimeout(500);
    const violations = await axe(page);
    assert.equal(violations.length, 0, `${page.url()} (search results):\n${describe(violations)}`);
  } finally {
    await page.close();
  }
});
