// The checkers behind the gates, as functions, so that the gates (html, links, a11y
// tests) and their self-test (selftest.test.mjs, which proves each checker still
// catches a known fault) run them the same way.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { htmlFiles } from './site.mjs';

const require = createRequire(import.meta.url);

export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** axe-core's WCAG 2.1 A/AA violations on the page as it is now. */
export async function axeViolations(page) {
  const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  return results.violations;
}

/** Violations as text: rule, help, and up to five offending elements each. */
export function describeViolations(violations) {
  return violations
    .map((v) => {
      const nodes = v.nodes
        .slice(0, 5)
        .map((n) => `    at ${n.target.join(' ')}\n      ${n.html.slice(0, 200)}\n      ${(n.failureSummary || '').replace(/\n/g, '\n      ')}`)
        .join('\n');
      const more = v.nodes.length > 5 ? `\n    … and ${v.nodes.length - 5} more` : '';
      return `  ${v.id} (${v.impact}): ${v.help}\n  ${v.helpUrl}\n${nodes}${more}`;
    })
    .join('\n');
}

/**
 * The Nu HTML Checker over every HTML file below `root`, in one JVM (starting it is
 * most of the cost). Returns `{ files, errors, warnings }`, each message located as
 * `public/PATH:LINE:COLUMN`.
 */
export function runVnu(root, shownAs = 'public') {
  const files = htmlFiles(root);
  const jar = require('vnu-jar');
  // vnu recommends a larger thread stack for deeply nested documents.
  const run = spawnSync('java', ['-Xss2m', '-jar', jar, '--format', 'json', '--stdout', '--skip-non-html', root], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (run.error) throw new Error(`cannot run java: ${run.error.message}`);
  let report;
  try {
    report = JSON.parse(run.stdout);
  } catch {
    throw new Error(`vnu printed no report (exit ${run.status}):\n${run.stdout}\n${run.stderr}`);
  }
  const where = (m) => {
    const file = m.url ? path.relative(root, decodeURIComponent(new URL(m.url).pathname)) : '?';
    return `${shownAs}/${file}:${m.lastLine ?? m.firstLine ?? 0}:${m.firstColumn ?? m.lastColumn ?? 0}`;
  };
  const format = (m, kind) => `${where(m)}: ${kind}: ${m.message}${m.extract ? `\n    ${m.extract.replace(/\n/g, ' ')}` : ''}`;
  const errors = report.messages
    .filter((m) => m.type === 'error' || m.subType === 'fatal' || m.type === 'non-document-error')
    .map((m) => format(m, 'error'));
  const warnings = report.messages
    .filter((m) => m.type === 'info' && m.subType === 'warning')
    .map((m) => format(m, 'warning'));
  return { files: files.length, errors, warnings };
}

/** Failed assertions of a TAP stream, each with its YAML details. */
export function tapFailures(tap) {
  const failures = [];
  let current = null;
  for (const line of tap.split('\n')) {
    if (/^not ok \d+/.test(line)) {
      current = { title: line.replace(/^not ok \d+\s*-?\s*/, ''), details: [] };
      failures.push(current);
    } else if (/^ok \d+/.test(line)) {
      current = null;
    } else if (current && /^\s+\S/.test(line) && !/^\s+(---|\.\.\.)\s*$/.test(line)) {
      current.details.push(line.trim());
    }
  }
  return failures;
}

/**
 * hyperlink (an independent link checker) over every HTML file below `root`: every
 * internal link, asset and `#fragment`. Returns `{ files, passed, failures, status }`.
 */
export function runHyperlink(root, base = '/') {
  // Root-relative links carry the base path (/styrdok/…): check them against a web
  // root in which the site sits at that path, as it will on the server.
  let webRoot = root;
  let tmp = null;
  const baseParts = base.split('/').filter(Boolean);
  if (baseParts.length) {
    tmp = mkdtempSync(path.join(tmpdir(), 'styrdok-links-'));
    const mount = path.join(tmp, ...baseParts);
    mkdirSync(path.dirname(mount), { recursive: true });
    symlinkSync(root, mount, 'dir');
    webRoot = tmp;
  }
  try {
    const cli = path.join(path.dirname(require.resolve('hyperlink/package.json')), 'lib', 'cli.js');
    const files = htmlFiles(root).map((f) => path.join(webRoot, ...baseParts, f));
    const run = spawnSync(process.execPath, [cli, '--root', webRoot, '--internal', '--recursive', ...files], {
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
    });
    if (run.error) throw new Error(`cannot run hyperlink: ${run.error.message}`);
    const shorten = (s) => s.split(`${webRoot}${path.sep}`).join('').replace(/(\.\.\/)+/g, '');
    const failures = tapFailures(run.stdout).map((f) => `  ${shorten(f.title)}\n    ${f.details.map(shorten).join('\n    ')}`);
    const passed = (run.stdout.match(/^ok \d+/gm) || []).length;
    return { files: files.length, passed, failures, status: run.status, output: run.stdout + run.stderr };
  } finally {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  }
}

/**
 * How wide the page is against the viewport, and the outermost elements that stick out
 * of it without being inside a scroll container of their own (those are the cause; a
 * table inside `.table-wrap` that scrolls is fine).
 */
export async function overflowingElements(page) {
  return page.evaluate(() => {
    const viewport = document.documentElement.clientWidth;
    const scrollWidth = document.documentElement.scrollWidth;
    const scrolls = (el) => {
      const s = getComputedStyle(el);
      return ['auto', 'scroll', 'hidden', 'clip'].includes(s.overflowX);
    };
    const inScroller = (el) => {
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        if (scrolls(p)) return true;
      }
      return false;
    };
    const offenders = [];
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      const positioned = ["absolute", "fixed"].includes(getComputedStyle(el).position);
      if (r.width === 0 || r.right <= viewport + 1 || (inScroller(el) && !positioned)) continue;
      // Report the outermost one only: its children stick out because it does.
      const parent = el.parentElement;
      const pr = parent?.getBoundingClientRect();
      if (parent && parent !== document.body && pr && pr.right > viewport + 1 && !scrolls(parent)) continue;
      const name = el.tagName.toLowerCase() + (el.id ? `#${el.id}` : '') +
        (el.className && typeof el.className === 'string' ? `.${el.className.trim().split(/\s+/).join('.')}` : '');
      offenders.push(`${name} (right edge ${Math.round(r.right)} px): ${(el.textContent || '').trim().slice(0, 60)}`);
      if (offenders.length >= 8) break;
    }
    return { viewport, scrollWidth, offenders };
  });
}
