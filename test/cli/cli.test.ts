/**
 * The CLI contract beyond the fixtures: exit codes, text format, --output,
 * list and trace, usage errors without stack traces.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from './fixtures.test';

const DEMO = 'test-fixtures/demo';

describe('reqtrace CLI', () => {
  it('check prints compiler-style lines and a summary, exit 1 on errors', () => {
    const r = runCli(['check', DEMO]);
    assert.equal(r.code, 1);
    const lines = r.stdout.trimEnd().split('\n');
    assert.ok(lines.includes('src/auth/login.ts:22:46: error unknown-requirement unknown requirement AUTH-01; did you mean AUTH-001?'), r.stdout);
    assert.match(lines[lines.length - 1], /^8 requirements: 3 of 6 needing coverage covered \(50%\), 2 need none; 13 references; 2 errors, 5 warnings$/);
  });

  it('--fail-on decides the exit code', () => {
    assert.equal(runCli(['check', DEMO, '--fail-on', 'never']).code, 0);
    assert.equal(runCli(['check', 'test-fixtures/severity', '--fail-on', 'error']).code, 0);
    assert.equal(runCli(['check', 'test-fixtures/severity', '--fail-on', 'warning']).code, 1);
  });

  it('runs in the current folder when no path is given', () => {
    const r = runCli(['check', '--format', 'json'], path.resolve(DEMO));
    assert.equal(JSON.parse(r.stdout).summary.requirements, 8);
  });

  it('writes the report to --output and nothing to stdout', () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'reqtrace-cli-')), 'report.json');
    const r = runCli(['check', DEMO, '--format', 'json', '--output', out]);
    assert.equal(r.stdout, '');
    const report = JSON.parse(fs.readFileSync(out, 'utf8'));
    assert.equal(report.version, 1);
    assert.deepEqual(Object.keys(report.summary).slice(0, 6), ['requirements', 'references', 'covered', 'uncovered', 'exempt', 'errors'].slice(0, 6));
    assert.deepEqual(Object.keys(report.requirements[0]).slice(0, 9), ['id', 'title', 'status', 'file', 'line', 'version', 'covered', 'references', 'needs']);
  });

  it('output is deterministic', () => {
    assert.equal(runCli(['check', DEMO, '--format', 'json']).stdout, runCli(['check', DEMO, '--format', 'json']).stdout);
  });

  it('usage errors exit 2 with a message and no stack trace', () => {
    for (const args of [['check', '--bogus'], ['check', 'no/such/folder'], ['check', DEMO, '--format', 'xml'], ['frobnicate']]) {
      const r = runCli(args);
      assert.equal(r.code, 2, args.join(' '));
      assert.ok(r.stderr.length > 0);
      assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
    }
  });

  it('an unreadable --config is a usage error; an invalid one exits 2 with located diagnostics', () => {
    assert.equal(runCli(['check', DEMO, '--config', 'nope.yaml']).code, 2);
    const r = runCli(['check', 'test-fixtures/invalid-config']);
    assert.equal(r.code, 2);
    assert.match(r.stdout, /^reqtrace\.yaml:6:12: error invalid-config 'idPattern' rejected/m);
  });

  it('list shows coverage per requirement', () => {
    const r = runCli(['list', DEMO]);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^API-002\s+approved\s+1 impl · 0 test\s+uncovered: test\s+Rate limiting\s+docs\/api\.yaml:8$/m);
    const json = JSON.parse(runCli(['list', DEMO, '--format', 'json']).stdout);
    assert.equal(json.length, 8);
  });

  it('trace shows the definition and every reference', () => {
    const r = runCli(['trace', 'AUTH-001', DEMO]);
    assert.equal(r.code, 0);
    assert.deepEqual(r.stdout.trimEnd().split('\n'), [
      'docs/requirements.md:6:4: definition AUTH-001: Users can log in with email and password [approved, v2]',
      'src/auth/login.ts:9:10: impl (pinned @2)',
      'tests/login.test.ts:3:14: test',
      'web/index.html:3:26: impl',
    ]);
    assert.equal(runCli(['trace', 'NOPE-1', DEMO]).code, 1);
    assert.equal(runCli(['trace', 'not-an-id', DEMO]).code, 2);
  });
});

describe('reqtrace CLI: node_modules', () => {
  // Built here rather than committed: a node_modules folder does not belong in the repository.
  it('never reads node_modules, at any depth', () => {
    const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'reqtrace-nm-')), 'traps');
    fs.cpSync(path.resolve(__dirname, '../../test-fixtures/traps'), dir, { recursive: true });
    for (const nm of ['node_modules/lib', 'src/node_modules/dep']) {
      fs.mkdirSync(path.join(dir, nm), { recursive: true });
      fs.writeFileSync(path.join(dir, nm, 'index.js'), '// @impl TRAP-407 in node_modules\n');
    }
    const r = runCli(['check', dir, '--format', 'json']);
    assert.equal(r.code, 0, r.stdout);
    assert.deepEqual(JSON.parse(r.stdout).diagnostics, []);
  });
});
