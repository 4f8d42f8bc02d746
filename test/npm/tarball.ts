/**
 * The npm package's tarball, packed by `npm run pack:npm` once per test run and shared by the
 * tests that install it (test/npm) and the GitHub Action's test (test/cli/action.test.ts).
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const ROOT = path.resolve(__dirname, '../..');

let packed: { tarball: string; stdout: string } | undefined;

/** Runs `npm run pack:npm` (the first time) and returns the tarball path it printed last. */
export function packNpm(): { tarball: string; stdout: string } {
  if (packed) return packed;
  const r = spawnSync('npm', ['run', 'pack:npm'], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(r.status, 0, `npm run pack:npm failed:\n${r.stdout}\n${r.stderr}`);
  const lines = r.stdout.trimEnd().split('\n');
  const tarball = lines[lines.length - 1];
  assert.ok(path.isAbsolute(tarball) && fs.existsSync(tarball), `the last line of npm run pack:npm is not the tarball's path: ${tarball}`);
  packed = { tarball, stdout: r.stdout };
  return packed;
}
