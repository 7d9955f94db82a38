// Gate: a risk analysis printed (Chromium's own print to PDF, the CSS page sizes
// honoured). The register prints whole on landscape pages, its header row repeated
// with its text on every page, and links print their address. Read back with
// pdftotext (poppler-utils), page by page.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { launchBrowser, siteUrl } from './lib.mjs';
import { pagesByKind } from './site.mjs';

let browser;
let dir;
before(async () => {
  browser = await launchBrowser();
  dir = process.env.STYRDOK_PRINT_DIR || mkdtempSync(path.join(tmpdir(), 'styrdok-print-'));
});
after(async () => {
  await browser?.close();
  if (dir && !process.env.STYRDOK_PRINT_DIR) rmSync(dir, { recursive: true, force: true });
});

const analysis = pagesByKind(1).find((p) => p.kind === 'document:risk-analysis');

/** The text of each page of a PDF, as pdftotext lays it out. */
function pdfPages(file) {
  const run = spawnSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  if (run.error) throw new Error(`cannot run pdftotext (apt: poppler-utils): ${run.error.message}`);
  return run.stdout.split('\f').filter((p) => p.trim() !== '');
}

/** Each page's size in points, from pdfinfo. */
function pdfPageSizes(file, count) {
  const run = spawnSync('pdfinfo', ['-f', '1', '-l', String(count), file], { encoding: 'utf8' });
  return [...run.stdout.matchAll(/^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)/gm)].map((m) => ({
    width: Number(m[1]),
    height: Number(m[2]),
  }));
}

test('print: a risk register prints whole, its header on every page', { skip: !analysis && 'no risk analysis' }, async () => {
  const page = await browser.newPage();
  try {
    await page.goto(siteUrl(analysis.url), { waitUntil: 'load' });
    await page.waitForSelector('.sort-button'); // the register script has run
    // What each header prints: the text kept beside the sort button for print.
    const headers = await page.$$eval('table.records.risks thead th', (ths) =>
      ths.map((th) => (th.querySelector('.print-label') || th).textContent.trim()));
    const pdf = path.join(dir, 'analysis.pdf');
    writeFileSync(pdf, await page.pdf({ preferCSSPageSize: true, printBackground: true }));
    const pages = pdfPages(pdf);
    // Pages holding register rows are those with a header row: each must have every
    // column's header, the last ones (Åtgärder, Ansvarig) included.
    const registerPages = pages.filter((p) => p.includes(headers[headers.length - 1]) && p.includes('Riskpoäng'));
    assert.ok(registerPages.length >= 1, `no page shows the register's header:\n${pages.join('\n---\n').slice(0, 3000)}`);
    // Every row is on a register page: its id starts a line there.
    const ids = await page.$$eval('table.records.risks tbody tr', (rows) =>
      rows.map((r) => r.cells[0].textContent.trim()));
    const registerText = registerPages.join('\n');
    const missing = ids.filter((id) => !new RegExp(`^\\s*${id}\\s`, 'm').test(registerText));
    assert.deepEqual(missing, [], `rows not printed on the register's pages: ${missing.join(', ')}`);
    for (const [i, text] of registerPages.entries()) {
      // A header may wrap over lines; its first word stands on the header row.
      for (const h of headers.map((x) => x.split(/\s+/)[0])) {
        assert.ok(text.includes(h), `register page ${i + 1} lacks the header "${h}":\n${text.slice(0, 2000)}`);
      }
    }
    // The register's pages are landscape: wider than high.
    const sizes = pdfPageSizes(pdf, pages.length);
    pages.forEach((text, i) => {
      if (registerPages.includes(text)) {
        assert.ok(sizes[i].width > sizes[i].height, `register page ${i + 1} is not landscape`);
      }
    });
  } finally {
    await page.close();
  }
});

test('print: links show their address and look like links', { skip: !analysis && 'no risk analysis' }, async () => {
  const page = await browser.newPage();
  try {
    await page.goto(siteUrl(analysis.url), { waitUntil: 'load' });
    await page.emulateMedia({ media: 'print' });
    const links = await page.$$eval('.downloads a[href], .doc-body a[href]:not([href^="#"]):not(table a)', (as) =>
      as.map((a) => ({
        href: a.getAttribute('href'),
        after: getComputedStyle(a, '::after').content,
        underline: getComputedStyle(a).textDecorationLine,
      })));
    assert.ok(links.length > 0, 'the page has links to check');
    for (const l of links) {
      assert.ok(l.after.includes(l.href), `${l.href} prints no address (${l.after})`);
      assert.equal(l.underline, 'underline', `${l.href} is not underlined in print`);
    }
    // Inside a table the address would crowd the columns out.
    const inTables = await page.$$eval('table a[href]', (as) => as.map((a) => getComputedStyle(a, '::after').content));
    assert.ok(inTables.every((c) => c === 'none'), 'links in tables print no address');
  } finally {
    await page.close();
  }
});
