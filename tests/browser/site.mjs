// What the gates know about the built site on disk: where public/ is, and which pages
// it holds, grouped by the kind of page (the template that made it), so the browser
// gates can visit every kind without visiting hundreds of near-identical pages.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/** The built site folder: STYRDOK_PUBLIC, set by run.mjs. */
export function publicDir() {
  const dir = process.env.STYRDOK_PUBLIC;
  if (!dir) throw new Error('STYRDOK_PUBLIC is not set: run the gates through tests/browser/run.mjs');
  return path.resolve(dir);
}

/** Every HTML file below `root`, as `/`-separated paths relative to it, sorted. */
export function htmlFiles(root = publicDir()) {
  const out = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir).sort()) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name.endsWith('.html')) out.push(path.relative(root, full).split(path.sep).join('/'));
    }
  };
  walk(root);
  return out;
}

/** The site's base path, read from the stylesheet link of its start page ("/" or "/x/"). */
export function basePath(root = publicDir()) {
  const html = readFileSync(path.join(root, 'index.html'), 'utf8');
  const m = html.match(/href="([^"]*)assets\/styrdok\.css"/);
  return m ? m[1] : '/';
}

/**
 * The kind of page a file is: `start`, `404`, `document:TYPE` for a document of that
 * type, otherwise the shape of its URL (first folder, then one `*` per deeper folder),
 * which separates type indexes (`typ/*`), responsible pages (`ansvariga/*`), filtered
 * follow-up pages and so on whatever the site's language.
 */
export function pageKind(rel, html) {
  if (rel === 'index.html') return 'start';
  if (rel === '404.html') return '404';
  const doc = html.match(/<article class="document doc-([a-z-]+)/);
  if (doc) return `document:${doc[1]}`;
  const parts = rel.split('/').slice(0, -1);
  return [parts[0], ...parts.slice(1).map(() => '*')].join('/');
}

/**
 * The pages the browser gates visit: up to `perKind` of each kind (all with
 * STYRDOK_GATES_ALL_PAGES=1), as URL paths relative to the site root.
 */
export function pagesByKind(perKind = 2, root = publicDir()) {
  const all = process.env.STYRDOK_GATES_ALL_PAGES === '1';
  const kinds = new Map();
  for (const rel of htmlFiles(root)) {
    if (!rel.endsWith('index.html') && rel !== '404.html') continue;
    const kind = pageKind(rel, readFileSync(path.join(root, rel), 'utf8'));
    if (!kinds.has(kind)) kinds.set(kind, []);
    kinds.get(kind).push(rel === '404.html' ? '404.html' : rel.replace(/index\.html$/, ''));
  }
  const pages = [];
  for (const [kind, urls] of [...kinds].sort()) {
    for (const url of all ? urls : urls.slice(0, perKind)) pages.push({ kind, url });
  }
  return pages;
}
