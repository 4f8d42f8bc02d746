/**
 * `reqtrace history [PATH...]` on real git repositories made by the tests:
 * points oldest first with their numbers, only the changed files read again,
 * --every day, --max-count, --since/--until, a config change mid-history,
 * the formats, and the usage errors (a bad revision, not a repository, a
 * shallow clone). Every run asserts that the repository was left exactly as
 * it was (status, files, .git/index bytes).
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { assertUsageError, git, runCliOn, tmp, write } from './gitRepo';

interface Point {
  commit: string;
  date: string;
  requirements: number;
  needing: number;
  covered: number;
  coverage: number;
  errors: number;
  warnings: number;
  releases: Record<string, { needing: number; covered: number }>;
}

const SPEC = `# Requirements

## REQ-001: A

Release: 1.0

One.

## REQ-002: B

Release: 1.0

Two.

## REQ-003: C

Release: 2.0

Three.
`;

/** Commits everything with a committer (and author) date of our choosing; returns the SHA. */
function commitAt(dir: string, date: string, message: string): string {
  git(dir, 'add', '-A');
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', 'commit', '-q', '-m', message], {
    cwd: dir,
    env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1', GIT_COMMITTER_DATE: date, GIT_AUTHOR_DATE: date },
  });
  return git(dir, 'rev-parse', 'HEAD').trim();
}

/**
 * Four commits over three days: the spec with one covered requirement; a
 * second covered, with a reference to an unknown ID; a third half covered;
 * then a config asking only for implementations.
 */
function makeHistory(): { dir: string; shas: string[] } {
  const dir = tmp('history');
  git(dir, 'init', '-q');
  write(dir, { 'specs/req.md': SPEC, 'src/a.ts': '// @impl REQ-001\n', 'tests/a.test.ts': '// @test REQ-001\n' });
  const shas = [commitAt(dir, '2026-01-05T10:00:00+00:00', 'one')];
  write(dir, { 'src/b.ts': '// @impl REQ-002 REQ-999\n', 'tests/b.test.ts': '// @test REQ-002\n' });
  shas.push(commitAt(dir, '2026-01-05T12:00:00+00:00', 'two'));
  write(dir, { 'src/c.ts': '// @impl REQ-003\n' });
  shas.push(commitAt(dir, '2026-01-06T12:00:00+00:00', 'three'));
  write(dir, { 'reqtrace.yaml': 'needs: [impl]\n' });
  shas.push(commitAt(dir, '2026-01-08T12:00:00+00:00', 'four'));
  return { dir, shas };
}

function points(r: { code: number | null; stdout: string; stderr: string }): Point[] {
  assert.equal(r.code, 0, r.stderr);
  const json = JSON.parse(r.stdout) as { version: number; points: Point[] };
  assert.equal(json.version, 1);
  return json.points;
}

describe('reqtrace history', function () {
  this.timeout(30000);
  let repo: { dir: string; shas: string[] };
  before(() => (repo = makeHistory()));

  it('gives one point per first-parent commit, oldest first, with exact numbers; nothing on stderr for a quick run', () => {
    const r = runCliOn(repo.dir, ['history', '--format', 'json']);
    assert.equal(r.stderr, '');
    const ps = points(r);
    assert.deepEqual(
      ps.map((p) => [p.commit, p.date, p.requirements, p.needing, p.covered, p.coverage, p.errors, p.warnings]),
      [
        [repo.shas[0], '2026-01-05T10:00:00+00:00', 3, 3, 1, 33.3, 0, 2],
        [repo.shas[1], '2026-01-05T12:00:00+00:00', 3, 3, 2, 66.6, 1, 1],
        [repo.shas[2], '2026-01-06T12:00:00+00:00', 3, 3, 2, 66.6, 1, 1],
        [repo.shas[3], '2026-01-08T12:00:00+00:00', 3, 3, 3, 100, 1, 0],
      ],
    );
    assert.deepEqual(ps[2].releases, { '1.0': { needing: 2, covered: 2 }, '2.0': { needing: 1, covered: 0 } });
    assert.deepEqual(ps[3].releases, { '1.0': { needing: 2, covered: 2 }, '2.0': { needing: 1, covered: 1 } });
  });

  it('reads only the files each commit changed, and re-indexes fully where the config changed', () => {
    const r = runCliOn(repo.dir, ['history', '--format', 'json'], repo.dir, { REQTRACE_DEBUG_HISTORY: '1' });
    // 3 files, then 2 and 1 changed, then a full index of 6 files and the config.
    assert.match(r.stderr, /^reqtrace: history stats: 4 points, 2 full indexes, 13 files read, \d+ ms\n$/);
  });

  it('--every day keeps the last commit of each day; --max-count the last N', () => {
    const day = points(runCliOn(repo.dir, ['history', '--every', 'day', '--format', 'json']));
    assert.deepEqual(day.map((p) => p.commit), [repo.shas[1], repo.shas[2], repo.shas[3]]);
    assert.deepEqual(day.map((p) => p.covered), [2, 2, 3]);
    const last = points(runCliOn(repo.dir, ['history', '--max-count', '2', '--format', 'json']));
    assert.deepEqual(last.map((p) => p.commit), repo.shas.slice(2));
    assert.deepEqual(last.map((p) => p.coverage), [66.6, 100]);
  });

  it('--since REV starts at REV, --until ends there, --since DATE by committer date', () => {
    const range = points(runCliOn(repo.dir, ['history', '--since', repo.shas[1], '--until', 'HEAD~1', '--format', 'json']));
    assert.deepEqual(range.map((p) => p.commit), [repo.shas[1], repo.shas[2]]);
    const byDate = points(runCliOn(repo.dir, ['history', '--since', '2026-01-06', '--format', 'json']));
    assert.deepEqual(byDate.map((p) => p.commit), repo.shas.slice(2));
  });

  it('writes CSV and text, to a file with --output', () => {
    const csv = runCliOn(repo.dir, ['history', '--format', 'csv']);
    const rows = csv.stdout.trim().split('\r\n');
    assert.equal(rows[0], 'commit,date,requirements,needing,covered,coverage,errors,warnings,1.0 needing,1.0 covered,2.0 needing,2.0 covered');
    assert.equal(rows[1], `${repo.shas[0]},2026-01-05T10:00:00+00:00,3,3,1,33.3,0,2,2,1,1,0`);
    assert.equal(rows.length, 5);
    const out = path.join(tmp('history-out'), 'h.txt');
    const text = runCliOn(repo.dir, ['history', '--format', 'text', '--output', out]);
    assert.equal(text.code, 0, text.stderr);
    assert.equal(text.stdout, '');
    const lines = fs.readFileSync(out, 'utf8').trimEnd().split('\n');
    assert.match(lines[1], new RegExp(`^2026-01-05  ${repo.shas[0].slice(0, 10)}\\s+3\\s+1/3\\s+33\\.3%`));
    assert.match(lines[lines.length - 1], /^coverage \S{4} 33\.3% → 100\.0% \(\+66\.7\) over 4 points$/);
  });

  it('a workspace in a subfolder counts only its files, and reads only its changed ones', () => {
    const dir = tmp('history-sub');
    git(dir, 'init', '-q');
    write(dir, { 'app/specs/req.md': SPEC, 'app/src/a.ts': '// @impl REQ-001\n', 'other/x.ts': '// @impl REQ-002\n// @test REQ-002\n' });
    const one = commitAt(dir, '2026-02-01T10:00:00+00:00', 'one');
    write(dir, { 'other/y.ts': '// @test REQ-001\n' });
    const two = commitAt(dir, '2026-02-02T10:00:00+00:00', 'two');
    write(dir, { 'app/tests/a.test.ts': '// @test REQ-001\n' });
    const three = commitAt(dir, '2026-02-03T10:00:00+00:00', 'three');
    const r = runCliOn(dir, ['history', 'app', '--format', 'json'], dir, { REQTRACE_DEBUG_HISTORY: '1' });
    assert.deepEqual(points(r).map((p) => [p.commit, p.covered, p.needing]), [
      [one, 0, 3],
      [two, 0, 3],
      [three, 1, 3],
    ]);
    assert.match(r.stderr, /1 full indexes, 3 files read/);
  });

  it('a bad revision, a folder outside any repository, a shallow clone: exit 2 with one line', () => {
    assertUsageError(runCliOn(repo.dir, ['history', '--until', 'nope']), /^reqtrace: history: --until 'nope' does not exist: no such commit in the repository at /);
    assertUsageError(runCliOn(repo.dir, ['history', '--since', 'v9']), /^reqtrace: history: --since 'v9' does not exist/);
    const empty = tmp('history-empty');
    git(empty, 'init', '-q');
    assertUsageError(runCliOn(empty, ['history']), /^reqtrace: history: the repository has no commits yet$/);
    const plain = tmp('history-plain');
    write(plain, { 'specs/req.md': SPEC });
    assertUsageError(runCliOn(repo.dir, ['history', plain]), /^reqtrace: history: .* is not in a git repository$/);
  });

  it('a shallow clone: exit 2 naming the fetch that fixes it, after which history runs', function () {
    this.timeout(60000);
    const clone = path.join(tmp('history-shallow'), 'clone');
    git(path.dirname(clone), 'clone', '-q', '--depth', '2', `file://${repo.dir}`, clone);
    const r = runCliOn(clone, ['history', '--format', 'json']);
    assertUsageError(r, /^reqtrace: history: this is a shallow clone and history needs every commit; fetch them with: git fetch --unshallow$/);
    git(clone, 'fetch', '-q', '--unshallow');
    assert.deepEqual(points(runCliOn(clone, ['history', '--format', 'json'])).map((p) => p.commit), repo.shas);
  });
});
