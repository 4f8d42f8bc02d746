// The browser build (issue #20) in a real browser: a package of the extension with only its
// `browser` entry (no `main`) is installed into code-server, which then runs it in the
// browser's web-worker extension host, as vscode.dev and github.dev do. Its server runs in a
// web worker and reads the workspace through the client. On the demo workspace: hover, go to
// definition, diagnostics, live diagnostics on an unsaved edit, completion, the status bar,
// the Requirements view, Find All References and the code lens; then a generated workspace of about 10k files: progressive indexing
// with a hover answered before the index is complete, and the index time.
// Screenshots go to artifacts/e2e/web-*.png.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startCodeServer } from './codeServer';
import { browserOnlyVsix, SOURCES, SPECS, writeLargeWorkspace } from './browserVsix';
import { e2eSession } from './session';
import { openWorkbench, type Workbench } from './workbench';

const AUTH_001_TITLE = 'Users can log in with email and password';
const AUTH_002_UNCOVERED = 'AUTH-002 has no test coverage';

/** True when list rows (file name, then its folder) hold the three files referencing AUTH-001 in the demo. */
function listsReferencingFiles(rows: string[]): boolean {
  // Name and folder are separate elements, with or without a space between them in the row's text.
  const flat = rows.map((t) => t.replace(/[\s\u00a0]+/g, ''));
  return ['login.tssrc/auth', 'login.test.tstests', 'index.htmlweb'].every((f) => flat.some((t) => t.startsWith(f)));
}

/** Opens the reqtrace log (the Output panel) and returns its text once it contains `match`. */
async function logText(w: Workbench, match: RegExp): Promise<string> {
  let text = '';
  await w.runCommand('reqtrace: Show Log');
  // Long lines wrap in the Output panel: its rendered lines are joined and spaces normalised.
  await w.wait.until(`the reqtrace log to contain ${match}`, async () => {
    const lines = await w.page.locator('.part.panel .view-line').allInnerTexts().catch(() => [] as string[]);
    text = lines.join(' ').replace(/[\s\u00a0]+/g, ' ');
    return match.test(text);
  });
  return text;
}

describe('reqtrace in the browser (code-server web-worker extension host): the demo workspace', function () {
  const consoleLines: string[] = [];
  const s = e2eSession({ failureExtra: () => `browser console:\n${consoleLines.slice(-40).join('\n')}`, reportIfBeforeFailed: true });

  before(async function () {
    const workspace = s.copyDemo('web');
    const wb = await s.open(workspace, { vsix: browserOnlyVsix(s.tmp!), settings: { 'workbench.view.alwaysShowHeaderActions': true }, screenshotPrefix: 'web' });
    // The web-worker extension host logs to the browser console: kept for failure reports.
    wb.page.context().on('console', (m) => consoleLines.push(`${m.type()}: ${m.text().slice(0, 400)}`));
    // A file opened at once activates the extension (onLanguage): its workspaceContains activation waits for
    // a search provider for vscode-remote: URIs, which code-server's web-worker extension host can be slow to get.
    await wb.openFile('src/auth/login.ts');
    // The first start of the web-worker extension host and its search provider take a while on a busy machine.
    await wb.wait.visible(wb.page.locator('[id="reqtrace.reqtrace.reqtrace.status"]').filter({ hasText: /Req \d+%/ }), 'the reqtrace status bar item with a coverage', 120_000);
  });

  it('1. runs the browser server, which says what it leaves out', async function () {
    const w = s.workbench();
    const log = await logText(w, /indexed demo: \d+ files in \d+ ms/);
    assert.match(log, /browser build: git features are off/, log);
    assert.match(log, /listed \d+ files of .* through the client/, log);
    await w.screenshot('01-log');
    await w.page.keyboard.press('Control+J');
  });

  it('2. hover on @impl AUTH-001 shows the title and the coverage', async function () {
    const w = s.workbench();
    await w.openFile('src/auth/login.ts');
    const text = await w.hover('AUTH-001', { line: 9, expect: AUTH_001_TITLE });
    assert.match(text, /^AUTH-001: Users can log in with email and password$/m, text);
    assert.match(text, /Coverage: 2 impl · 1 test/, text);
    assert.match(text, /Defined in docs\/requirements\.md:6/, text);
    await w.screenshot('02-hover');
  });

  it('3. Go to Definition (F12) opens docs/requirements.md at line 6', async function () {
    const w = s.workbench();
    await w.openFile('src/auth/login.ts');
    const at = await w.goToDefinition('AUTH-001', { line: 9 });
    assert.equal(at.file, path.join(w.folder, 'docs', 'requirements.md'));
    assert.equal(at.line, 6);
    await w.screenshot('03-definition');
  });

  it('4. the Problems panel and the status bar show the demo findings: Req 50%', async function () {
    const w = s.workbench();
    const rows = await w.problems(/unknown requirement AUTH-01; did you mean AUTH-001\?/);
    assert.ok(rows.some((r) => r.text.includes(AUTH_002_UNCOVERED)), JSON.stringify(rows));
    const counts = await w.statusBarItem({ id: 'status.problems' });
    assert.match(counts.ariaLabel, /Errors: 2, Warnings: 5/);
    const item = await w.statusBarItem({ id: 'reqtrace.status', text: 'Req 50%' });
    assert.match(item.ariaLabel, /^reqtrace coverage 50%: 8 requirements, 3 covered \/ 3 uncovered of 6 needing coverage/);
    await w.screenshot('04-problems');
  });

  it('5. an unsaved @test AUTH-002 clears the spec warning and moves the status bar to Req 66%', async function () {
    const w = s.workbench();
    await w.openFile('tests/login.test.ts');
    await w.focusEditor();
    await w.typeAtLine(4, '// @test AUTH-002\n', 'start');
    await w.wait.until(`"${AUTH_002_UNCOVERED}" to leave the Problems panel`, async () => !(await w.problems()).some((r) => r.text.includes(AUTH_002_UNCOVERED)));
    assert.ok(!fs.readFileSync(path.join(w.folder, 'tests', 'login.test.ts'), 'utf8').includes('AUTH-002'), 'the file was not saved');
    await w.statusBarItem({ id: 'reqtrace.status', text: 'Req 66%' });
    await w.screenshot('05-live-edit');
  });

  it('6. completion after @impl offers the requirement IDs with their titles', async function () {
    const w = s.workbench();
    await w.focusEditor();
    await w.typeAtLine(5, '// @impl AUTH-00', 'start');
    await w.page.keyboard.press('Control+Space');
    const suggest = w.page.locator('.suggest-widget .monaco-list-row');
    await w.wait.visible(suggest.filter({ hasText: 'AUTH-001' }).first(), 'AUTH-001 in the completion list');
    const labels = await suggest.allInnerTexts();
    assert.ok(labels.some((l) => l.includes('AUTH-003')), labels.join(' | '));
    await w.screenshot('06-completion');
    await w.page.keyboard.press('Escape');
  });

  it('7. the Requirements view lists the spec files and their requirements', async function () {
    const w = s.workbench();
    await w.page.locator('[id="reqtrace.reqtrace.reqtrace.status"]').click();
    const pane = w.page.locator('.pane').filter({ has: w.page.locator('.pane-header[aria-label^="Requirements "]') });
    const rows = pane.locator('.pane-body .monaco-list-row');
    await w.wait.until('the Requirements view to list AUTH-001 and API-001', async () => {
      const labels = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
      return labels.some((l) => l.startsWith('AUTH-001 ')) && labels.some((l) => l.startsWith('API-001 '));
    });
    await w.screenshot('07-requirements-view');
  });

  it('8. Find All References on the spec definition of AUTH-001 lists its references, and one opens at its line', async function () {
    const w = s.workbench();
    await w.openFile('docs/requirements.md');
    const at = await w.locateText('AUTH-001', { line: 6 });
    await w.page.mouse.click(at.x, at.y);
    await w.runCommand('References: Find All References');
    // The built-in Reference Search view, in the side bar: a row per file (the first one expanded), under it a row
    // per reference with its line. (The Markdown extension adds the heading itself as a reference too.)
    const rows = w.page.locator('[id="workbench.view.extension.references-view"] .monaco-list-row');
    let texts: string[] = [];
    await w.wait.until('the References view to list the three files referencing AUTH-001', async () => {
      texts = await rows.allInnerTexts();
      return listsReferencingFiles(texts);
    });
    await w.screenshot('08-references');
    await rows.filter({ hasText: 'src/auth' }).click();
    const impl = rows.filter({ hasText: '@impl AUTH-001@2' });
    await w.wait.visible(impl, 'the reference row of src/auth/login.ts (@impl AUTH-001@2)');
    await impl.click();
    await w.wait.until('src/auth/login.ts to open at line 9, the @impl AUTH-001@2 comment', async () => {
      const now = await w.activeEditor();
      return now.file === path.join(w.folder, 'src', 'auth', 'login.ts') && now.line === 9;
    });
    await w.screenshot('08-reference-opened');
  });

  it('9. the code lens on AUTH-001 in the spec shows its coverage, and clicking it shows the references', async function () {
    const w = s.workbench();
    await w.openFile('docs/requirements.md');
    await w.goToLine(6);
    const lenses = w.page.locator('.editor-group-container.active .monaco-editor .codelens-decoration a');
    const lens = lenses.filter({ hasText: '2 impl · 1 test' });
    await w.wait.visible(lens.first(), 'the code lens "2 impl · 1 test" above AUTH-001');
    const all = (await lenses.allInnerTexts()).map((t) => t.trim());
    // One lens per requirement of the file: AUTH-001's comes first.
    assert.equal(all[0], '2 impl · 1 test', all.join(' | '));
    await lens.first().click();
    // The references open in the peek view under the definition: a row per referencing file.
    const peek = w.page.locator('.editor-group-container.active .peekview-widget');
    const peekRows = peek.locator('.ref-tree .monaco-list-row');
    let texts: string[] = [];
    await w.wait.until('the references peek to list the three files referencing AUTH-001', async () => {
      texts = await peekRows.allInnerTexts();
      return listsReferencingFiles(texts);
    });
    // The first file's reference is selected and previewed: the @impl comment in src/auth/login.ts.
    assert.ok(texts.some((t) => t.includes('@impl AUTH-001@2')), texts.join(' | '));
    const title = (await peek.locator('.peekview-title').innerText()).replace(/[\s\u00a0]+/g, ' ');
    assert.match(title, /Locations \(3\)/, title);
    await w.screenshot('09-code-lens-references');
    await w.page.keyboard.press('Escape');
  });
});

describe('reqtrace in the browser: a generated workspace of 10,001 files', function () {
  const s = e2eSession();

  before(async function () {
    const tmp = s.makeTmp('web10k');
    const vsix = browserOnlyVsix(tmp);
    const workspace = path.join(tmp, 'ws');
    writeLargeWorkspace(workspace);
    s.server = await startCodeServer({ workspace, vsix });
  });

  it('indexes progressively: a hover is answered while the status bar still shows the indexing', async function () {
    assert.ok(s.server);
    const w = (s.wb = await openWorkbench(s.server.folderUrl, { screenshotPrefix: 'web-10k', timeoutMs: 120_000 }));
    const status = w.page.locator('[id="reqtrace.reqtrace.reqtrace.status"]');
    await w.openFile('a.ts');
    await w.wait.visible(status.filter({ hasText: 'Req …' }), 'the status bar item showing the indexing');
    const hover = await w.hover('REQ-0001', { line: 2 });
    const indexing = (await status.innerText()).includes('Req …');
    await w.screenshot('01-hover-while-indexing');
    assert.match(hover, /REQ-0001/, hover);
    assert.ok(indexing, 'the index was complete before the hover was answered');
    // Its spec may not be read yet: then the hover says so, and never calls the ID unknown.
    assert.doesNotMatch(hover, /unknown requirement/, hover);
    await w.wait.visible(status.filter({ hasText: /Req \d+%/ }), 'the status bar item with a coverage');
    const log = await logText(w, /indexed ws: \d+ files in \d+ ms/);
    const [, files, ms] = /indexed ws: (\d+) files in (\d+) ms/.exec(log)!;
    assert.equal(Number(files), SPECS + SOURCES + 1);
    const memory = await w.page.evaluate(() => (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize);
    const workers = await Promise.all(
      w.page.workers().map((wk) => wk.evaluate(() => `${(self as unknown as { name: string }).name}: ${(performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize}`).catch(() => '')),
    );
    console.log(`[web 10k] indexed ${files} files in ${ms} ms; renderer JS heap ${memory}; workers ${workers.join(' | ')}`);
    await w.screenshot('02-indexed');
  });
});
