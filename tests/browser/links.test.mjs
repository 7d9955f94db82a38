// Gate: an independent link and fragment check of the built site (hyperlink, from
// npm): every internal link, stylesheet, script and `#fragment` on every HTML file
// resolves. styrdok checks the links editors write; this checks what it generated.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runHyperlink } from './checks.mjs';
import { basePath, publicDir } from './site.mjs';

test('hyperlink: no broken link or fragment in the site', () => {
  const root = publicDir();
  const { files, passed, failures, status, output } = runHyperlink(root, basePath(root));
  console.log(`# hyperlink: ${files} HTML files, ${passed} checks passed, ${failures.length} failed`);
  assert.ok(passed > 0 || failures.length > 0, `hyperlink ran no check (exit ${status}):\n${output}`);
  assert.equal(failures.length, 0, `${failures.length} broken link(s) or fragment(s):\n${failures.slice(0, 50).join('\n')}`);
  assert.equal(status, 0, `hyperlink exited ${status}:\n${output.slice(-2000)}`);
});
