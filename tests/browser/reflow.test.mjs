// Gate: reflow at 320 CSS pixels (WCAG 2.1 SC 1.4.10). On every page of the site, at a
// 320 px wide viewport, the page itself must not scroll sideways: wide tables scroll
// inside their own focusable region, long words and addresses wrap. A failure names the
// page and the elements that stick out, with their width.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, siteUrl } from './lib.mjs';
import { pagesByKind } from './site.mjs';
import { overflowingElements } from './checks.mjs';

let browser;
let context;

before(async () => {
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 320, height: 640 } });
});

after(async () => {
  await browser?.close();
});

// Every page: reflow breaks on content (a long word, one wide table), not on a kind.
const pages = pagesByKind(Infinity);

test('reflow at 320 px: the site has pages to check', () => {
  assert.ok(pages.length > 0);
});

for (const { kind, url } of pages) {
  test(`reflow at 320 px: ${kind} (${url || '/'})`, async () => {
    const page = await context.newPage();
    try {
      await page.goto(siteUrl(url), { waitUntil: 'load' });
      const result = await overflowingElements(page);
      assert.ok(
        result.scrollWidth <= result.viewport,
        `${siteUrl(url)} scrolls sideways at ${result.viewport} px (page ${result.scrollWidth} px wide):\n` +
          result.offenders.map((o) => `    ${o}`).join('\n'),
      );
    } finally {
      await page.close();
    }
  });
}
