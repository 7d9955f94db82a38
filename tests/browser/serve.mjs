// A small static file server for the built site, for the browser gates: 127.0.0.1
// only, a free port, the content types a browser needs to apply CSS and scripts, the
// site's own 404 page with status 404, and nothing outside the served folder.
// `styrdok serve` builds into memory with live reload; the gates test the files that
// `styrdok build` wrote, as a web server would serve them.
//
//   node serve.mjs PUBLIC_DIR [--port N] [--base /styrdok/]

import http from 'node:http';
import { createReadStream, promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.pdf': 'application/pdf',
  '.woff2': 'font/woff2',
  '.csv': 'text/csv; charset=utf-8',
};

export function contentType(file) {
  return TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream';
}

async function statOrNull(p) {
  try {
    return await fs.stat(p);
  } catch {
    return null;
  }
}

/**
 * Serves `root` under the URL prefix `base` (the site's base_path). Resolves to
 * `{ url, port, close() }` once listening.
 */
export function startServer({ root, base = '/', port = 0, host = '127.0.0.1' } = {}) {
  const rootAbs = path.resolve(root);
  const prefix = `/${base.replace(/^\/+|\/+$/g, '')}/`.replace('//', '/');

  const notFound = async (res, head) => {
    const page = path.join(rootAbs, '404.html');
    const body = await fs.readFile(page).catch(() => Buffer.from('404 Not Found\n'));
    res.writeHead(404, {
      'content-type': (await statOrNull(page)) ? TYPES['.html'] : TYPES['.txt'],
      'content-length': body.length,
    });
    res.end(head ? undefined : body);
  };

  const server = http.createServer(async (req, res) => {
    try {
      const head = req.method === 'HEAD';
      if (req.method !== 'GET' && !head) {
        res.writeHead(405, { allow: 'GET, HEAD' });
        return res.end();
      }
      const url = new URL(req.url, 'http://localhost');
      let pathname;
      try {
        pathname = decodeURIComponent(url.pathname);
      } catch {
        return notFound(res, head);
      }
      if (!pathname.startsWith(prefix)) {
        // The site root without its trailing slash, as a server would redirect it.
        if (`${pathname}/` === prefix) {
          res.writeHead(301, { location: prefix });
          return res.end();
        }
        return notFound(res, head);
      }
      const rel = pathname.slice(prefix.length);
      let file = path.resolve(rootAbs, `.${path.posix.sep}${rel}`);
      // Never serve outside the folder, whatever the URL holds (`..`, encoded or not).
      if (file !== rootAbs && !file.startsWith(rootAbs + path.sep)) {
        return notFound(res, head);
      }
      let stat = await statOrNull(file);
      if (stat && stat.isDirectory()) {
        if (!pathname.endsWith('/')) {
          res.writeHead(301, { location: `${url.pathname}/${url.search}` });
          return res.end();
        }
        file = path.join(file, 'index.html');
        stat = await statOrNull(file);
      }
      if (!stat || !stat.isFile()) {
        return notFound(res, head);
      }
      res.writeHead(200, {
        'content-type': contentType(file),
        'content-length': stat.size,
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
      });
      if (head) return res.end();
      createReadStream(file).pipe(res);
    } catch (err) {
      res.writeHead(500, { 'content-type': TYPES['.txt'] });
      res.end(`server error: ${err.message}\n`);
    }
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const actual = server.address().port;
      resolve({
        port: actual,
        url: `http://${host}:${actual}${prefix}`,
        close: () => new Promise((done) => server.close(() => done())),
        server,
      });
    });
  });
}

// Command line: serve until interrupted.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const opt = (name, fallback) => {
    const i = args.indexOf(name);
    return i >= 0 ? args.splice(i, 2)[1] : fallback;
  };
  const port = Number(opt('--port', '0'));
  const base = opt('--base', '/');
  const root = args[0] || 'public';
  const { url } = await startServer({ root, base, port });
  console.log(`serving ${root} on ${url}`);
}
