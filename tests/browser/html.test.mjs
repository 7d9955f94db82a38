// Gate: the Nu HTML Checker (vnu.jar from the vnu-jar package, run with java) over
// every HTML file of the built site: zero errors. Warnings are printed, not failed.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runVnu } from './checks.mjs';
import { publicDir } from './site.mjs';

test('vnu: every HTML file of the site is valid', () => {
  const { files, errors, warnings } = runVnu(publicDir());
  assert.ok(files > 0, `no HTML files in ${publicDir()}`);
  for (const w of warnings) console.log(`# vnu ${w.split('\n')[0]}`);
  console.log(`# vnu checked ${files} HTML files: ${errors.length} error(s), ${warnings.length} warning(s)`);
  assert.equal(errors.length, 0, `${errors.length} HTML error(s):\n${errors.slice(0, 50).join('\n')}`);
});
