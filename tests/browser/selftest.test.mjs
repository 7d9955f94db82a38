// Self-test of the gates: each checker is run on a small site with known faults and
// must find them. A gate that passes everything (a checker that silently ran nothing,
// a wrong tag list, a parser that reads no failures) fails here instead of hiding.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { axeViolations, runHyperlink, runVnu } from './checks.mjs';
import { launchBrowser } from './lib.mjs';
import { startServer } from './serve.mjs';

let dir;

before(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'styrdok-bad-site-'));
  mkdirSync(path.join(dir, 'sub'));
  // No lang, an image without alt, a heading-less page with an unlabeled input, a
  // stray end tag, a duplicate id, a link to a missing page and to a missing fragment.
  writeFileSync(
    path.join(dir, 'index.html'),
    `<!DOCTYPE html><html><head><meta charset="utf-8"><title>Bad</title></head><body>
<main><p id="x">text</p><p id="x"><img src="sub/pic.png"></p></div>
<input type="text">
<a href="sub/">ok</a> <a href="missing/">missing</a> <a href="sub/#nowhere">fragment</a>
</main></body></html>\n`,
  );
  writeFileSync(
    path.join(dir, 'sub', 'index.html'),
    `<!DOCTYPE html><html lang="sv"><head><meta charset="utf-8"><title>Sub</title></head><body><main><h1 id="here">Sub</h1><a href="../">tillbaka</a></main></body></html>\n`,
  );
  writeFileSync(path.join(dir, 'sub', 'pic.png'), '');
});

after(() => rmSync(dir, { recursive: true, force: true }));

test('selftest: axe finds the missing lang, alt text and label', async () => {
  const server = await startServer({ root: dir });
  const browser = await launchBrowser();
  try {
    const page = await (await browser.newContext()).newPage();
    await page.goto(server.url, { waitUntil: 'load' });
    const ids = (await axeViolations(page)).map((v) => v.id);
    for (const rule of ['html-has-lang', 'image-alt', 'label']) {
      assert.ok(ids.includes(rule), `axe missed ${rule}; found ${ids.join(', ') || 'nothing'}`);
    }
  } finally {
    await browser.close();
    await server.close();
  }
});

test('selftest: vnu finds the stray end tag and the duplicate id', () => {
  const { errors } = runVnu(dir, 'bad');
  assert.ok(errors.some((e) => e.startsWith('bad/index.html:') && /Duplicate ID/.test(e)), errors.join('\n'));
  assert.ok(errors.some((e) => /end tag/i.test(e)), errors.join('\n'));
});

test('selftest: hyperlink finds the missing page and the missing fragment', () => {
  const { failures } = runHyperlink(dir, '/');
  const text = failures.join('\n');
  assert.ok(/missing/.test(text), `hyperlink missed the missing page:\n${text}`);
  assert.ok(/nowhere/.test(text), `hyperlink missed the missing fragment:\n${text}`);
});
