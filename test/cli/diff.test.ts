/**
 * `reqtrace diff BASE [PATH...]` on real git repositories made by the tests:
 * suspects, reflows, moved, removed and renamed things, the working tree and
 * --head, a workspace in a subfolder, the formats, and the usage errors (a bad
 * revision, a shallow clone without BASE, not a repository). Every run
 * asserts that the repository was left exactly as it was.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { diffJson, type RevisionDiff } from '../../server/src/core';
import { MARKDOWN_LIMIT, renderDiffMarkdown } from '../../server/src/cli/reporters/diffMarkdown';
import { assertUsageError, commitAll, git, makeRepo, runCliOn, tmp, write } from './gitRepo';

const SPEC = (text: string, rest = SESSIONS) => `# Requirements

## AUTH-001: Login

Status: approved

${text}
${rest}`;

const SESSIONS = `
## AUTH-002: Sessions

Parent: AUTH-001

Sessions expire.
`;

const FILES = {
  'specs/req.md': SPEC('Users log in with a password.'),
  'src/login.ts': '// @impl AUTH-001\nexport const login = 1;\n// @impl AUTH-002\n',
  'tests/login.test.ts': '// @test AUTH-001\n// @test AUTH-002\n',
};

interface Json {
  version: number;
  base: string;
  head: string;
  requirements: { added: string[]; removed: string[]; changed: Array<{ id: string; fields: string[] }> };
  references: { added: Ref[]; removed: Ref[] };
  suspects: Array<Ref & { fields: string[] }>;
  problems: { new: Array<{ file: string; line: number; code: string; requirement: string | null; severity: string }>; fixed: unknown[] };
  coverage: { base: { needing: number; covered: number; coverage: number }; head: { needing: number; covered: number; coverage: number } };
}
interface Ref {
  requirement: string;
  file: string;
  line: number;
  kind: string;
}

function diffJsonOf(repo: string, args: string[], cwd = repo): { json: Json; code: number | null; stderr: string } {
  const r = runCliOn(repo, ['diff', ...args, '--format', 'json'], cwd);
  assert.ok(r.code === 0 || r.code === 1, r.stderr);
  return { json: JSON.parse(r.stdout) as Json, code: r.code, stderr: r.stderr };
}

const places = (list: Ref[]) => list.map((r) => `${r.requirement} ${r.file}:${r.line} ${r.kind}`);

describe('reqtrace diff', () => {
  it('a text change in the working tree: its suspects, in the JSON contract', () => {
    const repo = makeRepo(FILES);
    const base = git(repo, 'rev-parse', 'HEAD').trim();
    write(repo, { 'specs/req.md': SPEC('Users log in with a passkey.') });
    // A file whose stat changed and content did not: a git that may take optional locks would refresh the index here.
    const later = new Date(Date.now() + 60_000);
    fs.utimesSync(path.join(repo, 'src/login.ts'), later, later);
    const { json, code } = diffJsonOf(repo, ['main']);
    assert.equal(code, 0);
    assert.deepEqual(Object.keys(json), ['version', 'base', 'head', 'requirements', 'references', 'suspects', 'problems', 'coverage']);
    assert.equal(json.version, 1);
    assert.equal(json.base, base);
    assert.equal(json.head, 'worktree');
    assert.deepEqual(json.requirements, { added: [], removed: [], changed: [{ id: 'AUTH-001', fields: ['text'] }] });
    assert.deepEqual(places(json.suspects), ['AUTH-001 specs/req.md:9 child', 'AUTH-001 src/login.ts:1 impl', 'AUTH-001 tests/login.test.ts:1 test']);
    assert.deepEqual(json.suspects[0].fields, ['text']);
    assert.deepEqual(json.coverage, { base: { needing: 2, covered: 2, coverage: 100 }, head: { needing: 2, covered: 2, coverage: 100 } });
  });

  it('a whitespace-only change (committed, --head HEAD): no change, no suspect', () => {
    const repo = makeRepo(FILES);
    write(repo, { 'specs/req.md': SPEC('Users   log in\n  with a password.') });
    const head = commitAll(repo, 'reflow');
    const { json } = diffJsonOf(repo, ['HEAD~1', '--head', 'HEAD']);
    assert.equal(json.head, head);
    assert.deepEqual(json.requirements.changed, []);
    assert.deepEqual(json.suspects, []);
  });

  it('a requirement moved to another file is neither added nor removed', () => {
    const repo = makeRepo(FILES);
    write(repo, { 'specs/req.md': SPEC('Users log in with a password.', ''), 'specs/sessions.md': `# Sessions\n${SESSIONS}` });
    commitAll(repo, 'move');
    const { json } = diffJsonOf(repo, ['HEAD~1']);
    assert.deepEqual(json.requirements, { added: [], removed: [], changed: [] });
    assert.deepEqual(json.suspects, []);
    assert.deepEqual(json.references, { added: [], removed: [] });
  });

  it('a removed requirement: its references become new unknown-requirement problems, and --fail-on sees only new ones', () => {
    const repo = makeRepo(FILES);
    write(repo, { 'specs/req.md': SPEC('Users log in with a password.', '') });
    const { json, code } = diffJsonOf(repo, ['main']);
    assert.equal(code, 1);
    assert.deepEqual(json.requirements.removed, ['AUTH-002']);
    assert.deepEqual(
      json.problems.new.map((d) => `${d.file}:${d.line} ${d.code} ${d.requirement}`),
      ['src/login.ts:3 unknown-requirement AUTH-002', 'tests/login.test.ts:2 unknown-requirement AUTH-002'],
    );
    assert.equal(runCliOn(repo, ['diff', 'main', '--fail-on', 'never']).code, 0);
    // An old problem is not a new one: committed, it no longer fails the diff against HEAD.
    commitAll(repo, 'remove AUTH-002');
    const again = diffJsonOf(repo, ['HEAD']);
    assert.equal(again.code, 0);
    assert.deepEqual(again.json.problems, { new: [], fixed: [] });
  });

  it('a renamed source file keeps its references; its suspects are at the new path', () => {
    const repo = makeRepo(FILES);
    git(repo, 'mv', 'src/login.ts', 'src/signin.ts');
    write(repo, { 'specs/req.md': SPEC('Users sign in.') });
    const { json } = diffJsonOf(repo, ['main']);
    assert.deepEqual(json.references, { added: [], removed: [] });
    assert.deepEqual(json.problems, { new: [], fixed: [] });
    assert.ok(places(json.suspects).includes('AUTH-001 src/signin.ts:1 impl'), JSON.stringify(json.suspects));
  });

  it('edited source lines: touched references are no suspects, moved ones are; new and removed references and untracked files', () => {
    const repo = makeRepo(FILES);
    write(repo, {
      'specs/req.md': SPEC('Users log in with a passkey.'),
      // Two lines inserted above the untouched reference to AUTH-001 (now line 3); AUTH-002's line rewritten.
      'src/login.ts': '// header\n// more\n// @impl AUTH-001\nexport const login = 1;\n// @test AUTH-002\n',
      'src/new.ts': '// @impl AUTH-001\n// @impl NOPE-9\n',
    });
    const { json } = diffJsonOf(repo, ['main']);
    assert.ok(places(json.suspects).includes('AUTH-001 src/login.ts:3 impl'));
    assert.ok(!json.suspects.some((s) => s.file === 'src/new.ts'), 'a new file is the change itself');
    assert.deepEqual(places(json.references.added), ['AUTH-002 src/login.ts:5 test', 'AUTH-001 src/new.ts:1 impl', 'NOPE-9 src/new.ts:2 impl']);
    assert.deepEqual(places(json.references.removed), ['AUTH-002 src/login.ts:3 impl']);
    // AUTH-002 lost its only impl reference.
    assert.deepEqual(json.problems.new.map((d) => `${d.file}:${d.line} ${d.code} ${d.requirement}`), ['specs/req.md:9 uncovered-requirement AUTH-002', 'src/new.ts:2 unknown-requirement NOPE-9']);
  });

  it('a workspace in a subfolder of the repository, each side with its own reqtrace.yaml', () => {
    const repo = makeRepo({ 'README.md': '# top\n', ...Object.fromEntries(Object.entries(FILES).map(([f, t]) => [`app/${f}`, t])), 'app/reqtrace.yaml': 'needs: [impl]\n' });
    write(repo, { 'app/specs/req.md': SPEC('Users log in with a passkey.'), 'app/reqtrace.yaml': 'needs: [impl, test]\n' });
    const { json } = diffJsonOf(repo, ['main', 'app'], repo);
    assert.deepEqual(json.requirements.changed, [{ id: 'AUTH-001', fields: ['text', 'needs'] }, { id: 'AUTH-002', fields: ['needs'] }]);
    assert.ok(places(json.suspects).includes('AUTH-001 src/login.ts:1 impl'));
    // Run from inside the folder too.
    assert.deepEqual(diffJsonOf(repo, ['main'], path.join(repo, 'app')).json.requirements, json.requirements);
  });

  it('markdown, github and text formats', () => {
    const repo = makeRepo(FILES);
    write(repo, { 'specs/req.md': SPEC('Users log in with a passkey.'), 'src/login.ts': FILES['src/login.ts'] + '// @impl NOPE-1\n' });
    const dir = tmp('diff-out');
    const md = path.join(dir, 'diff.md');
    const r = runCliOn(repo, ['diff', 'main', '--format', 'markdown', '--output', md, '--format', 'github']);
    assert.equal(r.code, 1, r.stderr);
    const markdown = fs.readFileSync(md, 'utf8');
    assert.match(markdown, /^## reqtrace diff: coverage 100% → 100%, 1 new problem, 0 fixed$/m);
    assert.match(markdown, /Users log in with a <del>password<\/del><ins>passkey<\/ins>\./);
    assert.match(markdown, /^- \*\*AUTH-001\*\* \(text changed\): `specs\/req.md:9` \(child\), `src\/login.ts:1`, `tests\/login.test.ts:1`$/m);
    assert.match(markdown, /<details><summary>New problems \(1\)<\/summary>/);
    assert.match(r.stdout, /^::error file=src\/login\.ts,line=4,col=\d+,endLine=4,endColumn=\d+,title=reqtrace unknown-requirement \(NOPE-1\)::unknown requirement NOPE-1/m);
    assert.match(r.stdout, /^::warning file=tests\/login\.test\.ts,line=1,title=reqtrace suspect \(AUTH-001\)::AUTH-001 changed \(text\): review this test reference$/m);
    const text = runCliOn(repo, ['diff', 'main', '--fail-on', 'never']);
    assert.equal(text.code, 0);
    assert.match(text.stdout, /^ {6}Users log in with a \[-password-\]\{\+passkey\+\}\.$/m);
    assert.match(text.stdout, /^ {2}src\/login\.ts:1: AUTH-001 impl \(text changed\)$/m);
  });

  it('usage errors: a revision that does not exist, not a repository', () => {
    const repo = makeRepo(FILES);
    assertUsageError(runCliOn(repo, ['diff', 'no-such-branch']), /^reqtrace: diff: BASE 'no-such-branch' does not exist/);
    assertUsageError(runCliOn(repo, ['diff', 'main', '--head', 'v9']), /^reqtrace: diff: --head 'v9' does not exist/);
    const plain = tmp('nogit');
    write(plain, FILES);
    const r = runCliOn(repo, ['diff', 'main', plain]);
    assertUsageError(r, /^reqtrace: diff: .* is not in a git repository$/);
  });

  it('a shallow clone without BASE: names the fetch that fixes it, which does', function () {
    this.timeout(60000);
    const origin = makeRepo(FILES);
    const first = git(origin, 'rev-parse', 'HEAD').trim();
    write(origin, { 'specs/req.md': SPEC('Users log in with a passkey.') });
    commitAll(origin, 'second');
    const clone = path.join(tmp('shallow'), 'clone');
    git(path.dirname(clone), 'clone', '-q', '--depth', '1', `file://${origin}`, clone);
    assertUsageError(runCliOn(clone, ['diff', 'HEAD~1']), /^reqtrace: diff: BASE 'HEAD~1' is not in this shallow clone; fetch it with: git fetch --unshallow$/);
    const r = runCliOn(clone, ['diff', first]);
    assertUsageError(r, new RegExp(`^reqtrace: diff: BASE '${first}' is not in this shallow clone; fetch it with: git fetch --no-tags --depth=1 origin ${first}$`));
    git(clone, ...r.stderr.trim().split(': git ')[1].split(' '));
    const { json } = diffJsonOf(clone, [first]);
    assert.deepEqual(json.requirements.changed, [{ id: 'AUTH-001', fields: ['text'] }]);
  });
});

describe('reqtrace diff --format markdown: size', () => {
  it(`stays within ${MARKDOWN_LIMIT} characters with a note when cut, its <details> closed`, () => {
    const suspect = (i: number) => ({ requirement: `REQ-${i}`, file: `src/file${i}.ts`, line: i, kind: 'impl', fields: ['text' as const] });
    const problem = (i: number) => ({ severity: 'error' as const, code: 'unknown-requirement', message: `unknown requirement X-${i}`, file: `src/f${i}.ts`, line: 1, column: 1, endLine: 1, endColumn: 5, requirement: `X-${i}` });
    const side = (i: number, text: string) => ({ id: `REQ-${i}`, title: `Title ${i}`, text, status: null, version: 1, parents: [], needs: ['impl'], tags: [], release: null, file: 'specs/a.md', line: i });
    const diff: RevisionDiff = {
      requirements: { added: [], removed: [], changed: Array.from({ length: 300 }, (_, i) => ({ id: `REQ-${i}`, fields: ['text' as const], base: side(i, 'old words '.repeat(40)), head: side(i, 'new words '.repeat(40)) })) },
      references: { added: [], removed: [] },
      suspects: Array.from({ length: 3000 }, (_, i) => suspect(i)),
      problems: { new: Array.from({ length: 3000 }, (_, i) => problem(i)), fixed: [] },
      coverage: { base: { needing: 1, covered: 1, coverage: 100 }, head: { needing: 1, covered: 0, coverage: 0 } },
    };
    const md = renderDiffMarkdown({ diff, json: diffJson(diff, 'a'.repeat(40), 'worktree'), baseRev: 'main' });
    assert.ok(md.length <= MARKDOWN_LIMIT, `${md.length} characters`);
    assert.match(md, /^## reqtrace diff: coverage 100% → 0%, 3000 new problems, 0 fixed$/m);
    assert.match(md, /\*\*Truncated:\*\* this summary was cut to stay within GitHub's limit of 65,536 characters/);
    assert.equal((md.match(/<details>/g) ?? []).length, (md.match(/<\/details>/g) ?? []).length);
    const small = renderDiffMarkdown({ diff: { ...diff, suspects: diff.suspects.slice(0, 2), problems: { new: [], fixed: [] }, requirements: { ...diff.requirements, changed: [] } }, json: diffJson(diff, 'a'.repeat(40), 'worktree'), baseRev: 'main' });
    assert.doesNotMatch(small, /Truncated/);
  });
});
