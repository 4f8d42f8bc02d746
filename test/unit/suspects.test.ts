/**
 * Suspect references on real git repositories made in temporary folders: a
 * reference is suspect when its line was last committed before the newest
 * commit that changed its requirement's title, text, status or needs.
 * Every test checks that the repository is left exactly as it was.
 */
import * as assert from 'node:assert/strict';
import type { Engine } from '../../server/src/core/engine/engine';
import { createEngine } from '../../server/src/core/engine/createEngine';
import { NodeHost } from '../../server/src/node/nodeHost';
import { SuspectFinder, suspectDiagnostics, type Suspect } from '../../server/src/core/compare/suspects';
import { suspectHoverMarkdown, wordDiffMarkdown } from '../../server/src/core/compare/suspectHover';
import { neverCancelled } from '../../server/src/core/workspace/host';
import { GitHistoryHost } from '../../server/src/git/historyHost';
import { TempRepo } from './gitRepo';

const spec = (auth1: string, auth2 = 'Sessions expire after an hour\nof inactivity.', status3 = 'approved') => `# Spec

## AUTH-001: Users log in

Status: approved

${auth1}

## AUTH-002: Sessions expire

Status: approved

${auth2}

## AUTH-003: Lockout

Status: ${status3}

Five failed attempts lock the account.
`;

const CODE = `// @impl AUTH-001
export function login() {}
// @impl AUTH-002
export function expire() {}
// @impl AUTH-003
export function lock() {}
`;

async function finderFor(repo: TempRepo): Promise<{ engine: Engine; finder: SuspectFinder }> {
  const engine = await createEngine({ host: new NodeHost(repo.root) });
  const host = await GitHistoryHost.open(repo.root);
  assert.ok(host instanceof GitHistoryHost, String(host));
  return { engine, finder: new SuspectFinder(engine, host) };
}

/** Commit times far enough apart: the n-th step of the test's history. */
const T = (n: number) => 1_700_000_000 + n * 100_000;
const day = (n: number) => new Date(T(n) * 1000).toISOString().slice(0, 10);

const keys = (suspects: Suspect[]) => suspects.map((s) => `${s.range.start.line + 1} ${s.id} ${s.change.commit?.summary ?? 'uncommitted'}`);

describe('suspect references (real git repositories)', function () {
  this.timeout(20000);
  let repo: TempRepo;
  let before: ReturnType<TempRepo['snapshot']>;

  beforeEach(() => {
    repo = new TempRepo();
    repo.commit(T(1), 'first', { 'docs/spec.md': spec('A user signs in with email and password.'), 'src/auth.ts': CODE });
  });
  afterEach(function () {
    // A failed test keeps its own message; the repository check is for the passing ones.
    if (this.currentTest?.state === 'passed') assert.deepEqual(repo.snapshot(), before, 'the repository changed');
    repo.dispose();
  });

  it('flags a reference whose requirement text changed later, not a reflow, and names the commit', async () => {
    const changed = repo.commit(T(2), 'Tighten login', {
      'docs/spec.md': spec('A registered user signs in with email, password and a one-time code.', 'Sessions expire after an hour of\ninactivity.', 'draft'),
    });
    before = repo.snapshot();
    const { engine, finder } = await finderFor(repo);
    const found = await finder.suspectsIn('src/auth.ts', neverCancelled);
    // AUTH-002 was only reflowed: no change. AUTH-003's status changed: that counts.
    assert.deepEqual(keys(found), ['1 AUTH-001 Tighten login', '5 AUTH-003 Tighten login']);
    assert.equal(found[0].change.commit?.sha, changed);
    assert.equal(found[0].change.commit?.author, 'Ann Author');
    assert.equal(found[0].line?.summary, 'first');
    const diags = suspectDiagnostics(engine, 'src/auth.ts', found);
    assert.deepEqual(diags.map((d) => [d.code, d.severity, d.requirement]), [['suspect-reference', 'info', 'AUTH-001'], ['suspect-reference', 'info', 'AUTH-003']]);
    assert.match(diags[0].message, new RegExp(`AUTH-001 changed after this line was written, in ${changed.slice(0, 7)} by Ann Author on ${day(2)}`));
    const hover = await suspectHoverMarkdown(finder, found[0], neverCancelled);
    assert.ok(hover.startsWith(`**Changed after this line was written:** in ${changed.slice(0, 7)} by Ann Author on ${day(2)}`), hover);
    assert.match(hover, /A \*\*registered\*\* user signs in with email ~~and~~ \*\*,\*\* password \*\*and a one-time code\*\*\./);
  });

  it('does not flag lines written after the change, nor the same commit', async () => {
    repo.commit(T(2), 'Tighten login', { 'docs/spec.md': spec('A registered user signs in.') });
    repo.commit(T(3), 'Review login', { 'src/auth.ts': CODE.replace('// @impl AUTH-001', '// @impl AUTH-001@1') });
    before = repo.snapshot();
    const { finder } = await finderFor(repo);
    assert.deepEqual(keys(await finder.suspectsIn('src/auth.ts', neverCancelled)), []);
  });

  it('finds the newest change, going back past commits that left the requirement alone', async () => {
    repo.commit(T(2), 'Change login', { 'docs/spec.md': spec('A registered user signs in.') });
    repo.commit(T(3), 'Touch the code', { 'src/auth.ts': CODE + '// more\n' });
    repo.commit(T(4), 'Unrelated spec edit', { 'docs/spec.md': spec('A registered user signs in.', 'Sessions expire after an hour of inactivity.') });
    repo.commit(T(5), 'Change login again', { 'docs/spec.md': spec('A registered user signs in with a passkey.', 'Sessions expire after an hour of inactivity.') });
    before = repo.snapshot();
    const { finder } = await finderFor(repo);
    assert.deepEqual(keys(await finder.suspectsIn('src/auth.ts', neverCancelled)), ['1 AUTH-001 Change login again']);
  });

  it('follows the spec file through a rename', async () => {
    repo.commit(T(2), 'Change login', { 'docs/spec.md': spec('A user signs in with a passkey.') });
    repo.git('mv', 'docs/spec.md', 'docs/auth.md');
    repo.commit(T(3), 'Rename spec');
    before = repo.snapshot();
    const { finder } = await finderFor(repo);
    // Without following the rename the requirement would seem new in the renaming commit: no change at all.
    assert.deepEqual(keys(await finder.suspectsIn('src/auth.ts', neverCancelled)), ['1 AUTH-001 Change login']);
    // A batch reads spec histories in one pass, which cannot see through the rename: that spec is asked for alone.
    const batch = (await finderFor(repo)).finder;
    const alone: string[] = [];
    const fileHistory = batch.host.fileHistory.bind(batch.host);
    batch.host.fileHistory = (file, token) => (alone.push(file), fileHistory(file, token));
    assert.deepEqual(keys((await batch.suspectsInFiles(neverCancelled)).get('src/auth.ts')!), ['1 AUTH-001 Change login']);
    assert.deepEqual(alone, ['docs/auth.md']);
  });

  it('uncommitted spec edits are the newest change; unsaved or uncommitted code lines are newer than anything', async () => {
    repo.write({ 'docs/spec.md': spec('A user signs in with a passkey.') });
    before = repo.snapshot();
    const { finder } = await finderFor(repo);
    const found = await finder.suspectsIn('src/auth.ts', neverCancelled);
    assert.deepEqual(keys(found), ['1 AUTH-001 uncommitted']);
    assert.match(suspectDiagnostics(finder.engine, 'src/auth.ts', found)[0].message, /in uncommitted edits of docs\/spec\.md/);
    // The editor's unsaved text: the edited line is not committed, so it is not suspect.
    const unsaved = CODE.replace('// @impl AUTH-001', '// @impl AUTH-001@1');
    assert.deepEqual(keys(await finder.suspectsIn('src/auth.ts', neverCancelled, { text: unsaved })), []);
  });

  it('a batch over the workspace finds the same as file by file, blaming only what it must', async () => {
    repo.commit(T(2), 'Change login', { 'docs/spec.md': spec('A user signs in with a passkey.'), 'src/new.ts': '// @impl AUTH-001\n' });
    repo.commit(T(3), 'Late code', { 'src/late.ts': '// @impl AUTH-002\n// @impl AUTH-001\n', 'src/auth.ts': CODE + '// @impl AUTH-001\n' });
    before = repo.snapshot();
    const { finder } = await finderFor(repo);
    const blamed: string[] = [];
    const blame = finder.host.blame.bind(finder.host);
    finder.host.blame = (file, ...rest) => (blamed.push(file), blame(file, ...rest));
    const alone: string[] = [];
    const fileHistory = finder.host.fileHistory.bind(finder.host);
    finder.host.fileHistory = (file, token) => (alone.push(file), fileHistory(file, token));
    const batch = await finder.suspectsInFiles(neverCancelled);
    // The spec was added in the first commit: its history came from the one pass over every spec.
    assert.deepEqual(alone, []);
    const one = new Map<string, string[]>();
    for (const f of ['src/auth.ts', 'src/new.ts', 'src/late.ts']) one.set(f, keys(await finder.suspectsIn(f, neverCancelled)));
    assert.deepEqual(new Map([...batch].map(([f, s]) => [f, keys(s)])), one);
    assert.deepEqual(one.get('src/auth.ts'), ['1 AUTH-001 Change login']);
    // new.ts came with the change, late.ts after it: neither needed a blame in the batch; auth.ts did (old and new lines).
    assert.deepEqual(blamed.slice(0, blamed.length - 3), ['src/auth.ts']);
  });

  it('severity off asks nothing of git', async () => {
    repo.commit(T(2), 'Change login', { 'docs/spec.md': spec('A user signs in with a passkey.'), 'reqtrace.yaml': 'severity:\n  suspect-reference: off\n' });
    before = repo.snapshot();
    const { finder } = await finderFor(repo);
    finder.host.fileHistory = () => Promise.reject(new Error('git was asked'));
    assert.deepEqual(await finder.suspectsIn('src/auth.ts', neverCancelled), []);
  });

  it('outside a repository, or without git, there is no history host, and a reason', async () => {
    before = repo.snapshot();
    const outside = await GitHistoryHost.open(require('node:os').tmpdir());
    assert.equal(typeof outside, 'string');
    assert.match(String(outside), /not in a git work tree/);
    const noGit = await GitHistoryHost.open(repo.root, 'git-that-is-not-installed');
    assert.match(String(noGit), /git is not available/);
  });
});

describe('word diff of requirement texts', () => {
  it('marks deleted and inserted words, ignores reflow, escapes Markdown', () => {
    assert.equal(wordDiffMarkdown('a b\nc', 'a  b c'), '');
    assert.equal(wordDiffMarkdown('Use *stars* here', 'Use _stars_ there'), 'Use ~~\\*stars\\* here~~ **\\_stars\\_ there**');
  });
});
