/**
 * --manifest (the exact input set, for auditors) and --cache (a persisted
 * index outside the workspace, reused while files are unchanged).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from './fixtures.test';

const ROOT = path.resolve(__dirname, '../..');

function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

function copyDemo(): string {
  const dir = path.join(tempDir('reqtrace-inputs-'), 'demo');
  fs.cpSync(path.join(ROOT, 'test-fixtures/demo'), dir, { recursive: true });
  return dir;
}

describe('reqtrace inputs: --manifest and --cache', () => {
  it('--manifest lists exactly the files whose content went into the result', () => {
    const out = path.join(tempDir('reqtrace-manifest-'), 'inputs.txt');
    const r = runCli(['check', 'test-fixtures/demo', '--manifest', out, '--fail-on', 'never']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(fs.readFileSync(out, 'utf8').split('\n').filter(Boolean), [
      '.gitignore',
      'docs/api.yaml',
      'docs/requirements.md',
      'reqtrace.yaml',
      'src/api/products.go',
      'src/auth/login.ts',
      'src/auth/session.py',
      'src/billing/invoice.rs',
      'tests/login.test.ts',
      'tests/test_products.py',
      'web/index.html',
    ]);
  });

  it('--cache writes only into the cache folder and gives the same report warm, and after an edit', () => {
    const ws = copyDemo();
    const cache = tempDir('reqtrace-cache-');
    const before = new Set(fs.readdirSync(ws, { recursive: true }) as string[]);
    const cold = runCli(['check', ws, '--format', 'json', '--cache', cache]);
    assert.equal(fs.readdirSync(cache).length, 1, 'one cache file');
    assert.deepEqual(new Set(fs.readdirSync(ws, { recursive: true }) as string[]), before, 'nothing written into the workspace');
    const warm = runCli(['check', ws, '--format', 'json', '--cache', cache]);
    assert.equal(warm.stdout, cold.stdout);

    // An edit changes size and mtime: the file is read again, not taken from the cache.
    fs.appendFileSync(path.join(ws, 'tests/login.test.ts'), '// @test AUTH-002\n');
    const edited = JSON.parse(runCli(['check', ws, '--format', 'json', '--cache', cache]).stdout);
    assert.equal(edited.requirements.find((q: { id: string }) => q.id === 'AUTH-002').covered, true);
    const fresh = JSON.parse(runCli(['check', ws, '--format', 'json']).stdout);
    assert.deepEqual(edited, fresh);
  });

  it('a corrupt cache is ignored, not trusted', () => {
    const ws = copyDemo();
    const cache = tempDir('reqtrace-cache-');
    const cold = runCli(['check', ws, '--format', 'json', '--cache', cache]);
    const file = path.join(cache, fs.readdirSync(cache)[0]);
    fs.writeFileSync(file, 'not a cache');
    const again = runCli(['check', ws, '--format', 'json', '--cache', cache]);
    assert.equal(again.stdout, cold.stdout);
  });
});
