// Gate: what axe cannot see, checked with a real keyboard in chromium. On every kind
// of page: the first Tab reaches the skip link, Enter on it moves focus to <main>, and
// each element reached by Tab shows a visible focus outline.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
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

// What the focused element is and whether a sighted keyboard user can see it: an
// outline of at least 2px, or a box-shadow ring.
const focusInfo = () => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const rect = el.getBoundingClientRect();
  return {
    tag: el.tagName.toLowerCase(),
    id: el.id,
    cls: el.className,
    href: el.getAttribute('href'),
    text: (el.textContent || '').trim().slice(0, 60),
    outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
    shadow: style.boxShadow !== 'none',
    onScreen: rect.width > 0 && rect.height > 0 && rect.right > 0 && rect.bottom > 0
      && rect.left < innerWidth && rect.top < innerHeight,
  };
};

const pages = pagesByKind(1);

for (const { kind, url } of pages) {
  test(`keyboard: ${kind} (${url || '/'})`, async () => {
    const page = await context.newPage();
    try {
      await page.goto(siteUrl(url), { waitUntil: 'load' });
      await page.keyboard.press('Tab');
      const skip = await page.evaluate(focusInfo);
      assert.ok(skip, `${url}: the first Tab focuses nothing`);
      assert.equal(skip.href, '#main', `${url}: the first Tab reaches ${skip.tag}.${skip.cls} "${skip.text}", not the skip link`);
      assert.ok(skip.onScreen, `${url}: the focused skip link is not visible on screen`);
      assert.ok(skip.outline || skip.shadow, `${url}: the focused skip link shows no focus outline`);

      await page.keyboard.press('Enter');
      const main = await page.evaluate(focusInfo);
      assert.ok(main && main.tag === 'main' && main.id === 'main', `${url}: Enter on the skip link focuses ${main ? main.tag : 'nothing'}, not <main id="main">`);

      // The next few stops inside main: every link or control shows its focus.
      for (let i = 0; i < 4; i++) {
        await page.keyboard.press('Tab');
        const f = await page.evaluate(focusInfo);
        if (!f) break;
        assert.ok(f.outline || f.shadow, `${url}: focus on ${f.tag} "${f.text}" (${f.href ?? ''}) is not visible`);
      }
    } finally {
      await page.close();
    }
  });
}

test('keyboard: focus is visible on a link in the main navigation', async () => {
  const page = await context.newPage();
  try {
    await page.goto(siteUrl(''), { waitUntil: 'load' });
    const link = page.locator('nav a').first();
    await page.keyboard.press('Tab'); // the skip link: keyboard modality, so :focus-visible applies
    await link.focus();
    const f = await page.evaluate(focusInfo);
    assert.ok(f && f.tag === 'a', 'no navigation link focused');
    assert.ok(f.outline, `navigation link "${f.text}" has no visible focus outline`);
  } finally {
    await page.close();
  }
});
