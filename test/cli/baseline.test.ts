/**
 * `check --baseline REV|FILE` on real git repositories made by the tests:
 * problems that already existed do not count toward --fail-on, also when
 * their lines moved; new ones are marked in JSON, SARIF, text and Markdown;
 * a coverage below the baseline's fails; bad baselines are usage errors.
 * Every run asserts that the repository was left exactly as it was.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { assertUsageError, commitAll, makeRepo, runCliOn, tmp, write } from './gitRepo';

const SPEC = `# Requirements

## AUTH-001: Login

Users log in.

## AUTH-002: Sessions

Sessions expire.
`;

const FILES = {
  'specs/req.md': SPEC,
  // An existing problem: NOPE-1 is not defined.
  'src/login.ts': '// @impl AUTH-001\n// @impl NOPE-1\n// @impl AUTH-002\n',
  'tests/login.test.ts': '// @test AUTH-001\n// @test AUTH-002\n',
};

interface Diag {
  code: string;
  file: string;
  line: number;
  requirement: string | null;
  baseline?: string;
}

const marks = (diags: Diag[]) => diags.map((d) => `${d.file}:${d.line} ${d.code} ${d.requirement} ${d.baseline}`);

describe('check --baseline', () => {
  it('a revision: an existing problem whose line moved is not new; a new one is, and only it fails', () => {
    const repo = makeRepo(FILES);
    // Two lines above the old problem (now line 4), and a new one.
    write(repo, { 'src/login.ts': '// header\n// more\n// @impl AUTH-001\n// @impl NOPE-1\n// @impl AUTH-002\n// @impl NOPE-2\n' });
    const r = runCliOn(repo, ['check', '--baseline', 'main', '--format', 'json']);
    assert.equal(r.code, 1, r.stderr);
    assert.deepEqual(marks(JSON.parse(r.stdout).diagnostics), ['src/login.ts:4 unknown-requirement NOPE-1 existing', 'src/login.ts:6 unknown-requirement NOPE-2 new']);
    // Without the new problem nothing fails, though the old one is still there.
    write(repo, { 'src/login.ts': '// header\n// more\n// @impl AUTH-001\n// @impl NOPE-1\n// @impl AUTH-002\n' });
    assert.equal(runCliOn(repo, ['check', '--baseline', 'main']).code, 0);
    assert.equal(runCliOn(repo, ['check']).code, 1);
  });

  it('a file: an earlier check --format json output, lines shifted; SARIF, text and Markdown mark the new ones', () => {
    const repo = makeRepo(FILES);
    const dir = tmp('baseline');
    const earlier = path.join(dir, 'earlier.json');
    assert.equal(runCliOn(repo, ['check', '--format', 'json', '--output', earlier]).code, 1);
    write(repo, { 'src/login.ts': '// moved down\n// @impl AUTH-001\n// @impl NOPE-1\n// @impl AUTH-002\n// @impl NOPE-2\n' });
    commitAll(repo, 'later');
    const sarif = path.join(dir, 'r.sarif');
    const md = path.join(dir, 'r.md');
    const r = runCliOn(repo, ['check', '--baseline', earlier, '--format', 'text', '--format', 'sarif', '--output', sarif, '--format', 'markdown', '--output', md]);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /^src\/login\.ts:3:\d+: error unknown-requirement unknown requirement NOPE-1 \[existing\]$/m);
    assert.match(r.stdout, /^src\/login\.ts:5:\d+: error unknown-requirement unknown requirement NOPE-2 \[new\]$/m);
    assert.match(r.stdout, /; 1 new since the baseline, 1 existing$/m);
    const results = JSON.parse(fs.readFileSync(sarif, 'utf8')).runs[0].results as Array<{ baselineState: string; message: { text: string } }>;
    assert.deepEqual(results.map((x) => `${x.message.text} ${x.baselineState}`), ['unknown requirement NOPE-1 unchanged', 'unknown requirement NOPE-2 new']);
    const markdown = fs.readFileSync(md, 'utf8');
    assert.match(markdown, /^### New since the baseline \(1\)$/m);
    assert.match(markdown, /\| unknown requirement NOPE-2 \| `src\/login.ts:5:\d+` \| new \|/);
  });

  it('existing problems come after the new ones as notices in GitHub annotations', () => {
    const repo = makeRepo(FILES);
    write(repo, { 'src/login.ts': FILES['src/login.ts'] + '// @impl NOPE-2\n' });
    const r = runCliOn(repo, ['check', '--baseline', 'HEAD', '--format', 'github']);
    const annotations = r.stdout.split('\n').filter((l) => l.startsWith('::'));
    assert.equal(annotations.length, 2);
    assert.match(annotations[0], /^::error .*::unknown requirement NOPE-2/);
    assert.match(annotations[1], /^::notice .*title=reqtrace unknown-requirement \(NOPE-1\) \[existing\]::unknown requirement NOPE-1/);
  });

  it('a coverage below the baseline\'s exits 1, even with no new problem at or above --fail-on', () => {
    const repo = makeRepo(FILES);
    write(repo, { 'tests/login.test.ts': '// @test AUTH-001\n' });
    const r = runCliOn(repo, ['check', '--baseline', 'main', '--fail-on', 'error']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^reqtrace: coverage 50% is below the baseline's 100%$/m);
  });

  it('bad baselines are usage errors', () => {
    const repo = makeRepo(FILES);
    assertUsageError(runCliOn(repo, ['check', '--baseline', 'no-such-thing']), /^reqtrace: --baseline 'no-such-thing' is neither a file nor a git revision$/);
    const dir = tmp('baseline-bad');
    fs.writeFileSync(path.join(dir, 'x.json'), '{"version": 1, "diagnostics": []}');
    assertUsageError(runCliOn(repo, ['check', '--baseline', path.join(dir, 'x.json')]), /not the output of reqtrace check --format json \(no summary\.coverage\)$/);
    fs.writeFileSync(path.join(dir, 'y.json'), 'not json');
    assertUsageError(runCliOn(repo, ['check', '--baseline', path.join(dir, 'y.json')]), /cannot read it as JSON/);
    const plain = tmp('baseline-nogit');
    write(plain, FILES);
    assertUsageError(runCliOn(repo, ['check', plain, '--baseline', 'main']), /^reqtrace: --baseline 'main': no such file, and .* is not in a git repository$/);
  });
});
