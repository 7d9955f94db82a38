// The shared contract of the browser tests (tests/browser/*.test.mjs), and its only
// exports:
//   launchBrowser() → a playwright Browser in Debian's chromium (/usr/bin/chromium)
//   siteUrl(path)   → the URL of a page of the site under test
// The runner (run.mjs) builds the site, serves public/ on 127.0.0.1 and sets
// STYRDOK_SITE_URL before it starts the tests, so a test only needs these two.

import { chromium } from 'playwright-core';

const CHROMIUM = process.env.STYRDOK_CHROMIUM || '/usr/bin/chromium';

// This machine has no network but loopback: without the background-networking flags
// chromium keeps trying to reach Google's hosts and gets refused, many times a start.
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Launches Debian's chromium with a fresh, empty profile, so no test sees another's
 * cookies or storage. Playwright itself creates that profile: on every launch() it
 * passes chromium `--user-data-dir=` a new temporary folder (mkdtemp) and removes it
 * when the browser closes; it refuses a `--user-data-dir` in `args` for that reason.
 */
export async function launchBrowser() {
  return chromium.launch({
    executablePath: CHROMIUM,
    // playwright adds --headless too; the flag given twice is harmless.
    headless: true,
    args: CHROMIUM_ARGS,
    // Fail with a message rather than hang when chromium cannot start.
    timeout: 60_000,
  });
}

const DEFAULT_PORT = 8791;

// The base URL of the site under test, always ending in `/`.
function siteBase() {
  const base = process.env.STYRDOK_SITE_URL || `http://127.0.0.1:${DEFAULT_PORT}/`;
  return base.endsWith('/') ? base : `${base}/`;
}

/**
 * The URL of a page of the site under test: `siteUrl('typ/riskanalyser/')`,
 * `siteUrl('/rs/ra/#risk-5')`. A leading `/` is relative to the site, not the host,
 * so tests work the same when the site is served under a sub-path.
 */
export function siteUrl(path = '') {
  return new URL(String(path).replace(/^\/+/, ''), siteBase()).href;
}
