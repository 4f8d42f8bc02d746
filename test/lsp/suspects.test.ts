/**
 * Suspect references over LSP, on real git repositories made in temporary
 * folders: the `suspect-reference` diagnostic, the hover's line and word
 * diff, the quick fix that records the review (cleared once committed), no
 * git at all in an untrusted workspace (a recording `git` first on PATH), and
 * the feature off with one log line without git or outside a repository.
 * The repository is left as it was by everything but the test's own commits.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CodeAction, Diagnostic, Hover, TextEdit } from 'vscode-languageserver-protocol/node';
import { TempRepo } from '../unit/gitRepo';
import { LspTestClient } from './lspClient';

const T = (n: number) => 1_700_000_000 + n * 100_000;
const SPEC = (auth1: string, auth2: string) =>
  `## AUTH-001: Users log in\n\nStatus: approved\n\n${auth1}\n\n## AUTH-002: Sessions expire\n\nStatus: approved\n\n${auth2}\n`;
const CODE = '// @impl AUTH-001\nexport function login() {}\n// @impl AUTH-002@1\nexport function expire() {}\n// Refs: AUTH-001\n';

function makeRepo(): TempRepo {
  const repo = new TempRepo('reqtrace-lsp-git-');
  repo.commit(T(1), 'first', { 'docs/spec.md': SPEC('A user signs in with a password.', 'After an hour.'), 'src/login.ts': CODE });
  repo.commit(T(2), 'Passkeys', { 'docs/spec.md': SPEC('A user signs in with a passkey.', 'After two hours.') });
  return repo;
}

function folderOf(root: string) {
  return { name: path.basename(root), root, uri: pathToFileURL(root).toString() };
}

const suspectsOf = (diags: Diagnostic[]) => diags.filter((d) => d.code === 'suspect-reference');

/** A directory whose `git` records its arguments in `log`, then runs the real git. */
function recordingGit(): { dir: string; log: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reqtrace-fakegit-'));
  const log = path.join(dir, 'calls.log');
  const real = require('node:child_process').execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
  fs.writeFileSync(path.join(dir, 'git'), `#!/bin/sh\necho "$*" >> '${log}'\nexec '${real}' "$@"\n`, { mode: 0o755 });
  return { dir, log };
}

describe('LSP: suspect references', function () {
  this.timeout(30000);
  let repo: TempRepo;
  let client: LspTestClient | undefined;

  beforeEach(() => (repo = makeRepo()));
  afterEach(async () => {
    await client?.dispose();
    client = undefined;
    repo.dispose();
  });

  it('publishes an info on a reference older than its requirement change; hover shows the commit and the word diff', async () => {
    const before = repo.snapshot();
    client = await LspTestClient.start({ fixtures: [], folders: [folderOf(repo.root)], initializationOptions: { trusted: true } });
    const uri = client.uri('src/login.ts');
    const diags = suspectsOf(await client.waitForDiagnostics(uri, (d) => suspectsOf(d).length === 3));
    assert.deepEqual(diags.map((d) => [d.range.start.line, d.severity, (d.data as { requirement: string }).requirement]), [[0, 3, 'AUTH-001'], [2, 3, 'AUTH-002'], [4, 3, 'AUTH-001']]);
    assert.match(diags[0].message, /^AUTH-001 changed after this line was written, in [0-9a-f]{7} by Ann Author on \d{4}-\d\d-\d\d \("Passkeys"\)/);
    // Opened: blamed with the editor's text; the hover then has the line it was written on, and the diff since.
    const seen = client.publishHistory.length;
    await client.open('src/login.ts');
    await client.waitForDiagnostics(uri, () => client!.publishHistory.slice(seen).some((p) => p.uri === uri && suspectsOf(p.diagnostics).length === 3));
    const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 11 } });
    const value = (hover.contents as { value: string }).value;
    const lines = value.split('\n\n');
    assert.match(lines[0], /^\*\*AUTH-001\*\*: Users log in$/);
    assert.match(lines[1], /^\*\*Changed after this line was written:\*\* in [0-9a-f]{7} by Ann Author on \d{4}-\d\d-\d\d \("Passkeys"\)$/);
    assert.equal(lines[2], 'A user signs in with a ~~password~~ **passkey**.');
    assert.deepEqual(repo.snapshot(), before);
  });

  it('the quick fix pins the current version, or notes the reviewed change; committed, the diagnostic is gone', async () => {
    client = await LspTestClient.start({ fixtures: [], folders: [folderOf(repo.root)], initializationOptions: { trusted: true } });
    const uri = client.uri('src/login.ts');
    await client.waitForDiagnostics(uri, (d) => suspectsOf(d).length === 3);
    await client.open('src/login.ts');
    const diags = suspectsOf(client.diagnostics.get(uri)!).slice(0, 2);
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: diags[0].range, context: { diagnostics: diags } });
    const edits = actions.map((a) => a.edit!.changes![uri][0] as TextEdit);
    assert.deepEqual(actions.map((a) => a.title), [
      'Mark AUTH-001 as reviewed: pin the current version (AUTH-001@1)',
      `Mark AUTH-002 as reviewed: note the reviewed change (reviewed ${repo.git('rev-parse', '--short=7', 'HEAD').trim()})`,
    ]);
    // AUTH-002@1 pins the current version already: the note goes at the end of the comment line.
    for (const e of [...edits].reverse()) await client.change(uri, [{ range: e.range, text: e.newText }]);
    const text = client.text('src/login.ts');
    assert.equal(text.split('\n')[0], '// @impl AUTH-001@1');
    assert.match(text.split('\n')[2], /^\/\/ @impl AUTH-002@1 \(reviewed [0-9a-f]{7}\)$/);
    // Unsaved edits are newer than any commit: cleared at once; the reference left alone stays suspect.
    const onlyControl = (d: Diagnostic[]) => suspectsOf(d).map((x) => x.range.start.line).join() === '4';
    await client.waitForDiagnostics(uri, onlyControl);
    // Saved and committed, then checked again from scratch by a new server: the reviewed lines are clear.
    repo.commit(T(3), 'Reviewed', { 'src/login.ts': text });
    await client.dispose();
    client = await LspTestClient.start({ fixtures: [], folders: [folderOf(repo.root)], initializationOptions: { trusted: true } });
    await client.waitForDiagnostics(uri, onlyControl);
  });

  it('a commit made outside the editor is seen at the next edit: every file is worked out again', async () => {
    repo.commit(T(1) + 10, 'second file', { 'src/other.ts': '// @impl AUTH-001\n' });
    client = await LspTestClient.start({ fixtures: [], folders: [folderOf(repo.root)], initializationOptions: { trusted: true } });
    const other = client.uri('src/other.ts');
    await client.waitForDiagnostics(other, (d) => suspectsOf(d).length === 1);
    // Reviewed and committed behind the server's back: no file event says so.
    fs.writeFileSync(client.abs('src/other.ts'), '// @impl AUTH-001@1\n');
    repo.commit(T(3), 'Reviewed');
    // Any edit makes the server look at HEAD again.
    const uri = await client.open('src/login.ts');
    await client.change(uri, [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: '\n' }]);
    await client.waitForDiagnostics(other, (d) => suspectsOf(d).length === 0);
  });

  it('an untrusted workspace runs no git until trust is granted', async () => {
    const spy = recordingGit();
    client = await LspTestClient.start({ fixtures: [], folders: [folderOf(repo.root)], env: { ...process.env, PATH: `${spy.dir}${path.delimiter}${process.env.PATH}` } });
    const uri = client.uri('src/login.ts');
    await client.open('src/login.ts');
    await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 11 } });
    await client.change(uri, [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: '\n' }]);
    await client.roundTrip();
    assert.equal(fs.existsSync(spy.log), false, 'git ran in an untrusted workspace');
    assert.deepEqual(suspectsOf(client.diagnostics.get(uri) ?? []), []);
    assert.equal(client.logs.filter((l) => /suspect references are off until the workspace is trusted/.test(l)).length, 1);
    // The spy does see git once trust is granted: the assertion above can fail.
    await client.notification('reqtrace/workspaceTrusted', {});
    await client.waitForDiagnostics(uri, (d) => suspectsOf(d).length === 3);
    assert.match(fs.readFileSync(spy.log, 'utf8'), /blame --incremental/);
    fs.rmSync(spy.dir, { recursive: true, force: true });
  });

  it('without git, or outside a repository, the feature is off with one line in the log', async () => {
    const noGit = fs.mkdtempSync(path.join(os.tmpdir(), 'reqtrace-nogit-path-'));
    client = await LspTestClient.start({ fixtures: [], folders: [folderOf(repo.root)], initializationOptions: { trusted: true }, env: { ...process.env, PATH: noGit } });
    const uri = client.uri('src/login.ts');
    await client.open('src/login.ts');
    await client.roundTrip();
    const offLines = () => client!.logs.filter((l) => /suspect references are off/.test(l));
    await client.waitForDiagnostics(uri, () => offLines().length > 0);
    assert.match(offLines()[0], /suspect references are off in repo: git is not available/);
    await client.change(uri, [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: '\n' }]);
    await client.roundTrip();
    assert.equal(offLines().length, 1);
    assert.deepEqual(suspectsOf(client.diagnostics.get(uri) ?? []), []);
    await client.dispose();

    const plain = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'reqtrace-plain-')), 'plain');
    fs.cpSync(repo.root, plain, { recursive: true, filter: (src) => !src.includes(`${path.sep}.git`) });
    client = await LspTestClient.start({ fixtures: [], folders: [folderOf(fs.realpathSync(plain))], initializationOptions: { trusted: true } });
    await client.waitForDiagnostics(client.uri('src/login.ts'), () => offLines().length > 0);
    assert.deepEqual(offLines(), [offLines()[0]]);
    assert.match(offLines()[0], /suspect references are off in plain: .* is not in a git work tree/);
    fs.rmSync(path.dirname(plain), { recursive: true, force: true });
    fs.rmSync(noGit, { recursive: true, force: true });
  });
});
