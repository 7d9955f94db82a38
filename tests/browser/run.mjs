// Runs the browser and output gates on a built site: serves it on 127.0.0.1 (a free
// port), then runs every tests/browser/*.test.mjs with node's test runner, so the
// closing `# pass N` / `# fail N` lines count every gate.
//
//   node tests/browser/run.mjs [PUBLIC_DIR]        (default: public/ at the repo root)

import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from './serve.mjs';
import { basePath } from './site.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..');
const publicDir = path.resolve(process.argv[2] || process.env.STYRDOK_PUBLIC || path.join(repo, 'public'));

if (!existsSync(path.join(publicDir, 'index.html'))) {
  console.error(`no built site in ${publicDir} (run styrdok build first)`);
  process.exit(2);
}

const base = basePath(publicDir);
const server = await startServer({ root: publicDir, base });
console.log(`# serving ${publicDir} on ${server.url}`);

// STYRDOK_GATES=a11y,html,links runs only those (the public extract's gates).
const only = (process.env.STYRDOK_GATES || '').split(',').filter(Boolean);
const tests = readdirSync(here)
  .filter((f) => f.endsWith('.test.mjs'))
  .filter((f) => only.length === 0 || only.includes(f.replace('.test.mjs', '')))
  .sort()
  .map((f) => path.join(here, f));

const child = spawn(
  process.execPath,
  [
    '--test',
    // TAP's closing `# pass N` / `# fail N` lines are what CI reads.
    '--test-reporter=tap',
    // Two cores: chromium and the Java checker side by side, no more.
    '--test-concurrency=2',
    '--test-timeout=900000',
    ...tests,
  ],
  {
    stdio: 'inherit',
    env: {
      ...process.env,
      STYRDOK_SITE_URL: server.url,
      STYRDOK_PUBLIC: publicDir,
    },
  },
);

const code = await new Promise((resolve) => child.on('exit', (c, signal) => resolve(signal ? 1 : c)));
await server.close();
process.exit(code ?? 1);
