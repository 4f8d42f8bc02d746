/**
 * `reqtrace check --suspects` on real git repositories made in temporary
 * folders: references whose requirement changed after their line was
 * committed are `suspect-reference` infos; without a repository the check is
 * off with one warning. The repository is left exactly as it was.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TempRepo } from '../unit/gitRepo';
import { runCli } from './fixtures.test';

const T = (n: number) => 1_700_000_000 + n * 100_000;
const SPEC = (text: string) => `## AUTH-001: Users log in\n\nStatus: approved\n\n${text}\n\n## AUTH-002: Sessions expire\n\nStatus: approved\n\nAfter an hour.\n`;

describe('check --suspects', function () {
  this.timeout(30000);
  let repo: TempRepo;

  beforeEach(() => {
    repo = new TempRepo();
    repo.commit(T(1), 'first', {
      'docs/spec.md': SPEC('A user signs in with a password.'),
      'src/login.ts': '// @impl AUTH-001\n// @impl AUTH-002\n',
      'tests/login.test.ts': '// @test AUTH-001\n// @test AUTH-002\n',
    });
    repo.commit(T(2), 'Passkeys', { 'docs/spec.md': SPEC('A user signs in with a passkey.') });
  });
  afterEach(() => repo.dispose());

  it('reports each reference older than its requirement change as info, and changes nothing', () => {
    const before = repo.snapshot();
    const r = runCli(['check', repo.root, '--suspects', '--format', 'json']);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout) as { diagnostics: Array<{ file: string; line: number; code: string; severity: string; message: string }> };
    const suspects = report.diagnostics.filter((d) => d.code === 'suspect-reference');
    assert.deepEqual(suspects.map((d) => `${d.file}:${d.line} ${d.severity}`), ['src/login.ts:1 info', 'tests/login.test.ts:1 info']);
    assert.match(suspects[0].message, /^AUTH-001 changed after this line was written, in [0-9a-f]{7} by Ann Author on \d{4}-\d\d-\d\d \("Passkeys"\)/);
    assert.deepEqual(repo.snapshot(), before);
  });

  it('leaves .git/index alone when files are stat-dirty (touched, not changed)', () => {
    // A newer mtime with the same content: a porcelain `git diff` or `git status` would rewrite the index.
    const later = new Date(Date.now() + 60_000);
    fs.utimesSync(path.join(repo.root, 'src/login.ts'), later, later);
    const index = fs.statSync(path.join(repo.root, '.git/index'));
    const r = runCli(['check', repo.root, '--suspects', '--format', 'json']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).diagnostics.filter((d: { code: string }) => d.code === 'suspect-reference').length, 2);
    const after = fs.statSync(path.join(repo.root, '.git/index'));
    assert.equal(after.mtimeMs, index.mtimeMs, '.git/index was rewritten');
    assert.equal(after.ino, index.ino, '.git/index was replaced');
  });

  it('is off without the flag, follows the severity config, and clears once the line is reviewed and committed', () => {
    assert.doesNotMatch(runCli(['check', repo.root]).stdout, /suspect-reference/);
    repo.commit(T(3), 'severity', { 'reqtrace.yaml': 'severity:\n  suspect-reference: error\n' });
    const failing = runCli(['check', repo.root, '--suspects']);
    assert.equal(failing.code, 1);
    assert.match(failing.stdout, /^src\/login\.ts:1:10: error suspect-reference AUTH-001 changed/m);
    // The review recorded on the lines (the quick fix pins the current version), then committed.
    repo.commit(T(4), 'Review', { 'src/login.ts': '// @impl AUTH-001@1\n// @impl AUTH-002\n', 'tests/login.test.ts': '// @test AUTH-001@1\n// @test AUTH-002\n' });
    const clean = runCli(['check', repo.root, '--suspects']);
    assert.equal(clean.code, 0, clean.stdout);
    assert.doesNotMatch(clean.stdout, /suspect-reference/);
  });

  it('outside a repository: one warning, and the rest of the check as usual', () => {
    const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'reqtrace-nogit-')), 'ws');
    fs.cpSync(repo.root, dir, { recursive: true, filter: (src) => !src.includes(`${path.sep}.git`) });
    const r = runCli(['check', dir, '--suspects']);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.deepEqual(r.stderr.trim().split('\n'), [`reqtrace: warning: --suspects is off: ${dir} is not in a git work tree`]);
    assert.match(r.stdout, /^2 requirements: /m);
    fs.rmSync(path.dirname(dir), { recursive: true, force: true });
  });
});
