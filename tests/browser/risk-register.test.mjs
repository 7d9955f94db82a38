// Register tools (themes/default/static/risk-register.js) in a real browser: filters and
// sorting change the rows, the state goes into the query string, and opening that URL
// restores it; without JavaScript the full table is there. Runs against the demo site's
// risk overview (risker/) and its first risk analysis.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, siteUrl } from './lib.mjs';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

const REGISTER = 'table[data-register]';

async function visibleRows(page) {
  return page.$$eval(`${REGISTER} tbody tr`, (rows) =>
    rows.filter((r) => !r.hidden).map((r) => ({
      area: r.getAttribute('data-area'),
      band: r.getAttribute('data-band'),
      score: Number(r.querySelector('[data-sort]')?.getAttribute('data-sort') || 'NaN'),
      id: r.id,
    })));
}

async function openOverview(url = siteUrl('risker/')) {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url);
  await page.waitForSelector('.register-tools');
  return { page, errors };
}

test('filter and sort state go into the URL and come back from it', async () => {
  const { page, errors } = await openOverview();
  const total = (await visibleRows(page)).length;
  assert.ok(total > 1, 'the overview register has rows');
  const status = page.locator('.register-count').first();
  assert.match(await status.textContent(), new RegExp(`${total}\\D+${total}`));
  assert.equal(await status.getAttribute('aria-live'), 'polite');

  // Every filter is a labelled select.
  for (const key of ['area', 'treatment', 'responsible', 'objective', 'band']) {
    const select = page.locator(`select[id$="-filter-${key}"]`);
    if (await select.count() === 0) continue; // no values of that kind in the register
    const id = await select.getAttribute('id');
    assert.equal(await page.locator(`label[for="${id}"]`).count(), 1, `${key} has a label`);
  }

  // Filter by the area that leaves the fewest rows.
  const areaSelect = page.locator('select[id$="-filter-area"]');
  const areas = (await areaSelect.locator('option').evaluateAll((os) => os.map((o) => o.value))).filter(Boolean);
  assert.ok(areas.length > 0, 'there are areas to filter by');
  const area = areas[areas.length - 1];
  await areaSelect.selectOption(area);
  let rows = await visibleRows(page);
  assert.ok(rows.length >= 1 && rows.every((r) => r.area === area), 'only rows of the area are shown');
  assert.equal(new URL(page.url()).searchParams.get('area'), area);
  assert.match(await status.textContent(), new RegExp(`${rows.length}\\D+${total}`));

  // Sort by score: a button in the header; aria-sort on the th; twice = descending.
  const scoreHeader = page.locator(`${REGISTER} thead th[data-key="score"]`);
  const button = scoreHeader.locator('button');
  await button.click();
  assert.equal(await scoreHeader.getAttribute('aria-sort'), 'ascending');
  await button.click();
  assert.equal(await scoreHeader.getAttribute('aria-sort'), 'descending');
  rows = await visibleRows(page);
  const scores = rows.map((r) => r.score);
  assert.deepEqual(scores, [...scores].sort((a, b) => b - a), 'rows in descending score');
  const params = new URL(page.url()).searchParams;
  assert.equal(params.get('sort'), 'score');
  assert.equal(params.get('order'), 'desc');
  const order = rows.map((r) => r.id || `${r.area}/${r.score}`);

  // The URL alone restores the same view.
  const linked = page.url();
  const { page: again, errors: errors2 } = await openOverview(linked);
  assert.equal(await again.locator('select[id$="-filter-area"]').inputValue(), area);
  assert.equal(await again.locator(`${REGISTER} thead th[data-key="score"]`).getAttribute('aria-sort'), 'descending');
  const restored = await visibleRows(again);
  assert.deepEqual(restored.map((r) => r.id || `${r.area}/${r.score}`), order);

  // Reset shows every row and drops the filter from the URL (the sort stays).
  await again.locator('.register-reset').click();
  assert.equal((await visibleRows(again)).length, total);
  assert.equal(new URL(again.url()).searchParams.get('area'), null);
  assert.deepEqual(errors.concat(errors2), []);
  await page.close();
  await again.close();
});

test('an unknown value in the URL is ignored', async () => {
  const { page } = await openOverview(siteUrl('risker/?area=finns-inte&band=nope&sort=nope'));
  const rows = await page.$$eval(`${REGISTER} tbody tr`, (rs) => rs.length);
  assert.equal((await visibleRows(page)).length, rows);
  assert.equal(await page.locator(`${REGISTER} thead th[aria-sort]`).count(), 0);
  await page.close();
});

test('without JavaScript the full register is there and no tools', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(siteUrl('risker/?area=x&band=high'));
  const rows = await page.$$eval(`${REGISTER} tbody tr`, (rs) => rs.filter((r) => !r.hidden).length);
  assert.ok(rows > 1);
  assert.equal(await page.locator('.register-tools').count(), 0);
  await context.close();
});

test('a heat-map link to a row hidden by a filter shows the row', async () => {
  const { page } = await openOverview();
  const hrefs = await page.locator('.analyses a.analysis-link').evaluateAll((as) => as.map((a) => a.href));
  let tried = 0;
  for (const href of hrefs) {
    await page.goto(href);
    await page.waitForSelector('.register-tools');
    const band = page.locator('select[id$="-filter-band"]');
    const highLink = page.locator('.heatmap td.band-high a').first();
    if (await highLink.count() === 0) continue;
    const other = (await band.locator('option').evaluateAll((os) => os.map((o) => o.value)))
      .find((v) => v && v !== 'high');
    if (!other) continue; // every risk is high: no filter hides one
    await band.selectOption(other);
    const target = (await highLink.getAttribute('href')).slice(1);
    assert.equal(await page.locator(`#${target}`).isHidden(), true);
    await highLink.click();
    await page.waitForFunction((id) => !document.getElementById(id).hidden, target);
    assert.equal(new URL(page.url()).searchParams.get('band'), null);
    tried += 1;
    break;
  }
  assert.equal(tried, 1, 'an analysis with high and other risks exists');
  await page.close();
});

test('sort buttons carry the column\'s full name and a sort is announced', async () => {
  const { page, errors } = await openOverview();
  const likelihood = page.getByRole('button', { name: 'Sannolikhet (S)' });
  assert.equal(await likelihood.count(), 1, 'the S column is named Sannolikhet');
  assert.equal(await page.getByRole('button', { name: 'Allvarlighetsgrad (K)' }).count(), 1);
  await likelihood.click();
  const status = page.locator('.register-count').first();
  assert.match(await status.textContent(), /^Sorterat efter Sannolikhet, stigande\. Visar \d+ av \d+ rader$/);
  await likelihood.click();
  assert.match(await status.textContent(), /^Sorterat efter Sannolikhet, fallande\./);
  assert.deepEqual(errors, []);
  await page.close();
});
