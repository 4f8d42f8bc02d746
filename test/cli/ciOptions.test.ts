/**
 * The CI options of `reqtrace check` and the `report` command: several
 * --format/--output pairs in one run, --min-coverage, --changed-since (on a
 * git repository made by the test), and their usage errors.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from './fixtures.test';

const ROOT = path.resolve(__dirname, '../..');
const DEMO = 'test-fixtures/demo';

function tmp(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `reqtrace-${prefix}-`));
}

function assertUsageError(r: { code: number | null; stderr: string }, pattern: RegExp): void {
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, pattern);
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
}

describe('several --format/--output pairs', () => {
  it('writes each format to the --output after it, and the one without to stdout', () => {
    const dir = tmp('multi');
    const sarif = path.join(dir, 'r.sarif');
    const junit = path.join(dir, 'nested/folder/r.xml');
    const r = runCli(['check', DEMO, '--format', 'sarif', '--output', sarif, '--format', 'junit', '--output', junit, '--format', 'text']);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^8 requirements: /m);
    assert.equal(JSON.parse(fs.readFileSync(sarif, 'utf8')).version, '2.1.0');
    assert.match(fs.readFileSync(junit, 'utf8'), /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites /);
  });

  it('pairs by position, so the stdout format may come first', () => {
    const dir = tmp('order');
    const csv = path.join(dir, 'r.csv');
    const r = runCli(['check', DEMO, '--format', 'github', '--format', 'csv', '--output', csv]);
    assert.match(r.stdout, /^::error /m);
    assert.match(fs.readFileSync(csv, 'utf8'), /^id,title,/);
  });

  it('keeps a single --output before its --format working', () => {
    const out = path.join(tmp('single'), 'r.json');
    const r = runCli(['check', DEMO, '--output', out, '--format', 'json']);
    assert.equal(r.stdout, '');
    assert.equal(JSON.parse(fs.readFileSync(out, 'utf8')).summary.requirements, 8);
  });

  it('rejects two formats on stdout, an --output without a format of its own, and one file twice', () => {
    assertUsageError(runCli(['check', DEMO, '--format', 'text', '--format', 'json']), /only one format can go to standard output/);
    const dir = tmp('bad');
    assertUsageError(
      runCli(['check', DEMO, '--format', 'sarif', '--output', `${dir}/a`, '--output', `${dir}/b`, '--format', 'text']),
      /--output .*\/b follows no --format of its own/,
    );
    assertUsageError(runCli(['check', DEMO, '--output', `${dir}/a`, '--output', `${dir}/b`]), /need a --format each/);
    assertUsageError(
      runCli(['check', DEMO, '--format', 'sarif', '--output', `${dir}/a`, '--format', 'junit', '--output', `${dir}/a`]),
      /is given twice/,
    );
    assertUsageError(runCli(['check', DEMO, '--format', 'pdf']), /Allowed choices are text, json, sarif, junit, github, markdown, html, csv/);
    assert.equal(fs.readdirSync(dir).length, 0, 'nothing written by a rejected run');
  });
});

describe('--min-coverage', () => {
  it('fails below the percentage with a clear line on stderr, in addition to --fail-on', () => {
    const low = runCli(['check', DEMO, '--fail-on', 'never', '--min-coverage', '50']);
    assert.equal(low.code, 0, low.stderr);
    assert.equal(low.stderr.includes('min-coverage'), false);
    const high = runCli(['check', DEMO, '--fail-on', 'never', '--min-coverage', '50.1']);
    assert.equal(high.code, 1);
    assert.match(high.stderr, /^reqtrace: coverage 50% is below --min-coverage 50\.1%$/m);
    assert.equal(runCli(['check', DEMO, '--min-coverage', '0']).code, 1, '--fail-on error still fails');
  });

  it('is a usage error unless a number from 0 to 100', () => {
    for (const bad of ['101', '-1', 'abc', '', '50%', '1e2']) {
      assertUsageError(runCli(['check', DEMO, '--min-coverage', bad]), /--min-coverage.*must be a number from 0 to 100/);
    }
  });
});

describe('--changed-since', () => {
  const git = (cwd: string, ...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=reqtrace test', '-c', 'user.email=test@example.invalid', '-c', 'init.defaultBranch=main', ...args], {
      cwd,
      encoding: 'utf8',
      env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' },
    });

  /** A repository whose workspace is a subfolder: main has the demo; a branch changes two files, one not committed. */
  function repo(): { top: string; ws: string } {
    const top = tmp('git');
    const ws = path.join(top, 'project');
    fs.cpSync(path.join(ROOT, DEMO), ws, { recursive: true });
    git(top, 'init', '-q');
    git(top, 'add', '-A');
    git(top, 'commit', '-q', '-m', 'demo');
    git(top, 'checkout', '-q', '-b', 'feature');
    fs.appendFileSync(path.join(ws, 'src/auth/login.ts'), '\n// @impl AUTH-404\n');
    git(top, 'commit', '-q', '-am', 'feature work');
    fs.writeFileSync(path.join(ws, 'src/new.ts'), '// @impl NOPE-1\n// @impl AUTH-001@1\n');
    return { top, ws };
  }

  it('reports only diagnostics in files changed since the merge base, untracked files included', () => {
    const { top, ws } = repo();
    // main moves on after the branch: its changes are not the branch's.
    git(top, 'checkout', '-q', 'main');
    fs.appendFileSync(path.join(ws, 'src/auth/session.py'), '\n# AUTH-777\n');
    git(top, 'commit', '-q', '-am', 'main work');
    git(top, 'checkout', '-q', 'feature');
    const r = runCli(['check', '.', '--changed-since', 'main', '--format', 'json'], ws);
    assert.equal(r.stderr, '');
    const report = JSON.parse(r.stdout);
    const got = report.diagnostics.map((d: { file: string; line: number; code: string }) => `${d.file}:${d.line} ${d.code}`);
    assert.deepEqual(got, [
      'src/auth/login.ts:17 deprecated-reference',
      'src/auth/login.ts:22 unknown-requirement',
      'src/auth/login.ts:27 unknown-requirement',
      'src/new.ts:1 unknown-requirement',
      'src/new.ts:2 stale-reference',
    ]);
    // Coverage is still the whole workspace's.
    assert.equal(report.summary.requirements, 8);
    assert.equal(r.code, 1);
    // Nothing changed since HEAD but the untracked file.
    const head = JSON.parse(runCli(['check', ws, '--changed-since', 'HEAD', '--format', 'json']).stdout);
    assert.deepEqual([...new Set(head.diagnostics.map((d: { file: string }) => d.file))], ['src/new.ts']);
  });

  it('leaves the git index as it was, even where its stat data is out of date', () => {
    const { top, ws } = repo();
    // Same content, new mtime: a porcelain `git diff` would refresh the index's stat data and rewrite it.
    const later = new Date(Date.now() + 60_000);
    fs.utimesSync(path.join(ws, 'docs/requirements.md'), later, later);
    const index = path.join(top, '.git/index');
    const before = fs.readFileSync(index);
    const r = runCli(['check', ws, '--changed-since', 'main', '--format', 'json']);
    assert.equal(r.stderr, '');
    assert.ok(fs.readFileSync(index).equals(before), 'check --changed-since rewrote .git/index');
  });

  it('is a usage error with git\'s message outside a repository or for an unknown revision', () => {
    const { ws } = repo();
    assertUsageError(runCli(['check', ws, '--changed-since', 'no-such-branch']), /--changed-since: 'no-such-branch' is not a commit: .+/);
    assertUsageError(runCli(['check', ws, '--changed-since', '--output=x']), /--changed-since: '--output=x' is not a commit/);
    const plain = tmp('nogit');
    fs.cpSync(path.join(ROOT, DEMO), plain, { recursive: true });
    assertUsageError(runCli(['check', plain, '--changed-since', 'main']), /--changed-since: the workspace is not in a git work tree: .*not a git repository/i);
  });
});

describe('reqtrace report', () => {
  it('writes HTML by default, CSV and Markdown on request, and exits 0 despite findings', () => {
    const dir = tmp('report');
    const r = runCli(['report', DEMO, '--output', `${dir}/r.html`, ]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(fs.readFileSync(`${dir}/r.html`, 'utf8'), /^<!DOCTYPE html>/);
    const both = runCli(['report', DEMO, '--format', 'csv', '--output', `${dir}/r.csv`, '--format', 'markdown']);
    assert.equal(both.code, 0);
    assert.match(both.stdout, /^## reqtrace: 50% of requirements covered/);
    assert.match(fs.readFileSync(`${dir}/r.csv`, 'utf8'), /^id,title,status,version,file,line,covered,impl,test,missing,impl_locations,test_locations,release\r\n/);
    assertUsageError(runCli(['report', DEMO, '--format', 'sarif']), /Allowed choices are html, csv, markdown, json/);
    assert.equal(runCli(['report', 'test-fixtures/invalid-config', '--format', 'csv']).code, 2);
  });
});
