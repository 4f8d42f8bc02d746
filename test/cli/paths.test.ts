/**
 * Paths are inputs: with explicit PATHs every command reads only those files
 * and folders, for definitions and references alike, and everything in the
 * output (requirements, references, summary, every format, --manifest) comes
 * from them. The workspace root stays their common folder.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from './fixtures.test';

const DEMO = 'test-fixtures/demo';

function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A workspace whose tests/resources folder holds a spec that must not be read when only docs and src are given. */
function workspace(): string {
  const dir = tempDir('reqtrace-paths-');
  const files: Record<string, string> = {
    'docs/spec.md': '## SHOP-001: Cart\nStatus: approved\n\nA cart.\n',
    'src/cart.ts': '// @impl SHOP-001\n',
    'tests/cart.test.ts': '// @test SHOP-001\n// @test SHOP-404\n',
    'tests/resources/spec.md': '## SHOP-001: Cart again\n\n## SHOP-900: Fixture\n',
  };
  for (const [f, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    fs.writeFileSync(path.join(dir, f), text);
  }
  return dir;
}

describe('reqtrace: paths are inputs', () => {
  it('check reads only the paths given: requirements, references, summary and manifest', () => {
    const ws = workspace();
    const manifest = path.join(tempDir('reqtrace-manifest-'), 'inputs.txt');
    const r = runCli(['check', path.join(ws, 'docs'), path.join(ws, 'src'), '--format', 'json', '--manifest', manifest]);
    const report = JSON.parse(r.stdout);
    assert.deepEqual(report.requirements.map((q: { id: string }) => q.id), ['SHOP-001']);
    assert.deepEqual(report.requirements[0].references, { impl: 1, test: 0 });
    // Outside the paths: no duplicate SHOP-001, no SHOP-900, no unknown SHOP-404, no test reference.
    assert.deepEqual(report.diagnostics.map((d: { file: string; code: string }) => `${d.file} ${d.code}`), ['docs/spec.md uncovered-requirement']);
    assert.equal(report.summary.requirements, 1);
    assert.equal(report.summary.references, 1);
    assert.equal(report.summary.uncovered, 1);
    assert.deepEqual(fs.readFileSync(manifest, 'utf8').split('\n').filter(Boolean), ['docs/spec.md', 'src/cart.ts']);
  });

  it('a single file is an input; the root is its folder', () => {
    const ws = workspace();
    const r = runCli(['list', path.join(ws, 'tests/resources/spec.md'), path.join(ws, 'src/cart.ts'), '--format', 'json']);
    assert.deepEqual(
      JSON.parse(r.stdout).map((q: { id: string; file: string }) => `${q.id} ${q.file}`),
      ['SHOP-001 tests/resources/spec.md', 'SHOP-900 tests/resources/spec.md'],
    );
  });

  it('report, list and trace follow the paths too', () => {
    const trace = runCli(['trace', 'AUTH-001', `${DEMO}/src`, `${DEMO}/docs`]);
    assert.equal(trace.code, 0, trace.stderr);
    // tests/login.test.ts and web/index.html reference AUTH-001 but were not given.
    assert.deepEqual(trace.stdout.trimEnd().split('\n'), [
      'docs/requirements.md:6:4: definition AUTH-001: Users can log in with email and password [approved, v2]',
      'src/auth/login.ts:9:10: impl (pinned @2)',
    ]);
    const list = JSON.parse(runCli(['list', `${DEMO}/src/auth`, `${DEMO}/docs`, '--format', 'json']).stdout);
    assert.deepEqual(list.find((q: { id: string }) => q.id === 'AUTH-001').references, { impl: 1, test: 0 });
    const csv = runCli(['report', `${DEMO}/src/auth`, `${DEMO}/docs`, '--format', 'csv']).stdout;
    assert.doesNotMatch(csv, /tests\/login\.test\.ts|web\/index\.html/);
  });

  it('a single folder is the whole workspace, as before', () => {
    const whole = JSON.parse(runCli(['check', DEMO, '--format', 'json']).stdout);
    assert.equal(whole.summary.requirements, 8);
    assert.equal(whole.summary.references, 13);
  });

  it('a path that does not exist is exit 2, naming it', () => {
    const r = runCli(['check', `${DEMO}/docs`, `${DEMO}/no-such-folder`]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /no such file or folder: .*no-such-folder/);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  });

  it('a limited run does not reuse the index cache of another scope', () => {
    const ws = workspace();
    const cache = tempDir('reqtrace-cache-');
    const whole = JSON.parse(runCli(['check', ws, '--format', 'json', '--cache', cache]).stdout);
    assert.equal(whole.summary.requirements, 3);
    const part = JSON.parse(runCli(['check', path.join(ws, 'docs'), path.join(ws, 'src'), '--format', 'json', '--cache', cache]).stdout);
    assert.equal(part.summary.requirements, 1);
    const again = JSON.parse(runCli(['check', ws, '--format', 'json', '--cache', cache]).stdout);
    assert.deepEqual(again, whole);
  });
});
