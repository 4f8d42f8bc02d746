// The acceptance suite of the issue, in a real VS Code: the packaged reqtrace
// extension is installed into a private code-server that opens a temp copy of
// test-fixtures/demo, and every feature is driven through the workbench UI the
// way a user would: hover, F12, the Problems panel, the status bar, the
// Requirements view and its filter, live diagnostics while typing, Go to
// Requirement, and a spec's code lens following the code typed beside it.
// Screenshots of every step go to artifacts/e2e/reqtrace-*.png.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { packagedVsix } from './codeServer';
import { animationsDone } from './inPage';
import { RequirementsView, type TreeRow } from './requirementsView';
import { e2eSession } from './session';
import { type CursorPosition, type ProblemRow, type Workbench } from './workbench';

const AUTH_001_TITLE = 'Users can log in with email and password';
const UNKNOWN_AUTH_01 = /unknown requirement AUTH-01; did you mean AUTH-001\?/;
const AUTH_002_UNCOVERED = 'AUTH-002 has no test coverage';

describe('reqtrace in VS Code (code-server): acceptance on the demo workspace', function () {
  const s = e2eSession();

  before(async function () {
    await s.open(s.copyDemo('demo'), {
      vsix: packagedVsix(),
      // View title actions (the tree's filter button) without hovering the header first.
      settings: { 'workbench.view.alwaysShowHeaderActions': true },
      screenshotPrefix: 'reqtrace',
      sideBarWidth: 520,
      // The status bar shows a percentage once the first index is built; before
      // that, hovers would find nothing and VS Code would not ask again.
      status: /Req \d+%/,
    });
  });

  it('1. hover on @impl AUTH-001 shows the title and the coverage', async function () {
    const w = s.workbench();
    await w.openFile('src/auth/login.ts');
    // The inlay hint with the title follows the whole reference, version pin included.
    await w.waitForEditorText(new RegExp(`@impl AUTH-001@2\\s*${AUTH_001_TITLE}`));
    const text = await w.hover('AUTH-001', { line: 9, expect: AUTH_001_TITLE });
    assert.match(text, /^AUTH-001: Users can log in with email and password$/m, text);
    assert.match(text, /Coverage: 2 impl · 1 test/, text);
    assert.match(text, /Status: approved · Version: 2 · Release: 1.0 · Tags: security, login/, text);
    assert.match(text, /Defined in docs\/requirements\.md:6/, text);
    // Markdown must be rendered, not shown as source.
    assert.doesNotMatch(text, /\*\*|\\|`/, `raw Markdown in the hover: ${text}`);
    const bold = w.page.locator('.monaco-hover-content strong', { hasText: 'AUTH-001' });
    await w.wait.visible(bold.first(), 'the ID to be bold in the hover');
    await w.screenshot('01-hover');
  });

  it('2. Go to Definition (F12) opens docs/requirements.md at line 6', async function () {
    const w = s.workbench();
    await w.openFile('src/auth/login.ts');
    const at = await w.goToDefinition('AUTH-001', { line: 9 });
    assert.equal(at.file, path.join(w.folder, 'docs', 'requirements.md'));
    // The cursor is on the ID of the heading `## AUTH-001: ...`. Polled: the
    // status bar can still show the old editor's cursor just after the switch.
    await expectCursor(w, { line: 6, column: 4 });
    await w.waitForEditorText(`## AUTH-001: ${AUTH_001_TITLE}`);
    await w.screenshot('02-definition');
  });

  it('3. the Problems panel lists the unknown requirement AUTH-01 with a suggestion', async function () {
    const w = s.workbench();
    const rows = await w.problems(UNKNOWN_AUTH_01);
    const marker = rows.find((r) => UNKNOWN_AUTH_01.test(r.text));
    assert.ok(marker, JSON.stringify(rows));
    assert.match(marker.label, /^Error: unknown requirement AUTH-01; did you mean AUTH-001\? at line 22 and character 46\./);
    assert.match(marker.text, /unknown-requirement/);
    assert.ok(rows.some((r) => r.label.includes('in file login.ts of folder src/auth')), JSON.stringify(rows));
    const counts = await w.statusBarItem({ id: 'status.problems' });
    assert.match(counts.ariaLabel, /Errors: 2, Warnings: 5/);
    await w.screenshot('03-problems');
  });

  it('4. the status bar shows the coverage, Req 50%, with a breakdown', async function () {
    const w = s.workbench();
    const item = await w.statusBarItem({ id: 'reqtrace.status', text: 'Req 50%' });
    assert.equal(item.id, 'reqtrace.reqtrace.reqtrace.status');
    assert.equal(item.text, 'Req 50%');
    assert.match(item.ariaLabel, /^reqtrace coverage 50%: 8 requirements, 3 covered \/ 3 uncovered of 6 needing coverage, 13 references, 2 errors, 5 warnings$/);
    const element = w.page.locator('[id="reqtrace.reqtrace.reqtrace.status"]');
    await w.wait.visible(element.locator('.codicon-checklist'), 'the checklist icon in the status bar item');
    await element.hover();
    const tooltip = w.page.locator('.monaco-hover, .workbench-hover').filter({ hasText: 'reqtrace coverage: 50%' }).first();
    await w.wait.visible(tooltip, 'the tooltip of the reqtrace status bar item');
    await tooltip.evaluate(animationsDone, '.monaco-hover, .workbench-hover');
    const tip = await tooltip.innerText();
    assert.match(tip, /3 covered \/ 3 uncovered of 6 needing coverage/, tip);
    assert.match(tip, /Click to open the Requirements view/, tip);
    assert.doesNotMatch(tip, /\*\*/, `raw Markdown in the tooltip: ${tip}`);
    await w.screenshot('04-status-bar');
    await w.page.mouse.move(700, 300);
    await w.wait.hidden(tooltip, 'the status bar tooltip to close');
  });

  it('5. the Requirements view groups requirements by spec file and filters to uncovered ones', async function () {
    const w = s.workbench();
    const tree = new RequirementsView(w);
    // A click on the status bar item focuses the view (reqtrace.requirements.focus).
    await w.page.locator('[id="reqtrace.reqtrace.reqtrace.status"]').click();
    await tree.waitExpanded();
    // Room for the whole tree: fold the file explorer above it while it is looked at.
    await tree.collapseOtherSection('Explorer Section');
    try {
      const show = (r: TreeRow) => `${r.level} ${r.label} [${r.icon}]`;
      const allRows = [
        '1 docs/api.yaml — 1/2 covered []',
        '2 API-001 List products [pass]',
        '2 API-002 Rate limiting [warning]',
        '1 docs/requirements.md — 2/4 covered []',
        `2 AUTH-001 ${AUTH_001_TITLE} [pass]`,
        '2 AUTH-002 Sessions expire after inactivity [warning]',
        '2 AUTH-003 Passwords are stored hashed [pass]',
        '2 AUTH-004 Single sign-on with SAML [circle-slash]',
        '2 AUTH-005 Remember-me cookie [circle-slash]',
        // Its parent link FIN-100 is broken: errors win over coverage.
        '2 BILL-001 Invoices are numbered without gaps [error]',
      ];
      await tree.expectRows('all requirements under docs/api.yaml and docs/requirements.md', show, allRows);
      await w.screenshot('05a-tree');

      await tree.expand(`AUTH-001 ${AUTH_001_TITLE}`);
      const auth001 = allRows.indexOf(`2 AUTH-001 ${AUTH_001_TITLE} [pass]`);
      await tree.expectRows('the references of AUTH-001', show, [
        ...allRows.slice(0, auth001 + 1),
        '3 impl reference to AUTH-001 at src/auth/login.ts:9 [symbol-method]',
        '3 test reference to AUTH-001 at tests/login.test.ts:3 [beaker]',
        '3 impl reference to AUTH-001 at web/index.html:3 [symbol-method]',
        ...allRows.slice(auth001 + 1),
      ]);
      await w.screenshot('05b-tree-auth-001');

      await tree.clickAction('Show Only Uncovered Requirements');
      // The tree empties and refills when the filter changes: wait for its final rows.
      await tree.expectRows('only the uncovered requirements', (r) => `${r.level} ${r.label}`, [
        '1 docs/api.yaml — 1/2 covered',
        '2 API-002 Rate limiting',
        '1 docs/requirements.md — 2/4 covered',
        '2 AUTH-002 Sessions expire after inactivity',
        '2 BILL-001 Invoices are numbered without gaps',
      ]);
      assert.match(await tree.headerText(), /Uncovered only/);
      await w.screenshot('05c-tree-uncovered');

      await tree.clickAction('Show All Requirements');
      await tree.waitForRows('all requirements again', (rows) => rows.some((r) => r.label.startsWith('AUTH-001 ')));
      assert.doesNotMatch(await tree.headerText(), /Uncovered only/);
    } finally {
      await tree.collapseOtherSection('Explorer Section', false);
    }
  });

  it('6. an unsaved @test AUTH-002 in another file clears the spec warning, undo brings it back', async function () {
    const w = s.workbench();
    await w.problems(AUTH_002_UNCOVERED);
    await w.openFile('tests/login.test.ts');
    await w.focusEditor();
    await w.waitForEditorText("describe('login', () => {");
    await w.screenshot('06a-live-before');

    await w.typeAtLine(4, '// @test AUTH-002\n', 'start');
    // Rendered lines include inlay hints (the requirement's title after an ID).
    await w.waitForEditorText(/^\/\/ Verifies: AUTH-001.*\n\/\/ @test AUTH-002.*\ndescribe\('login'/m);
    await waitForProblems(w, `"${AUTH_002_UNCOVERED}" to leave the Problems panel`, (rows) => !rows.some((r) => r.text.includes(AUTH_002_UNCOVERED)));
    // The file was not saved: the language server works on the editor's text.
    assert.ok(!fs.readFileSync(path.join(w.folder, 'tests', 'login.test.ts'), 'utf8').includes('AUTH-002'));
    await w.statusBarItem({ id: 'reqtrace.status', text: 'Req 66%' });
    await w.screenshot('06b-live-typed');

    await undoUntilClean(w);
    await w.waitForEditorText('@test AUTH-002', { absent: true });
    await waitForProblems(w, `"${AUTH_002_UNCOVERED}" to come back`, (rows) => rows.some((r) => r.text.includes(AUTH_002_UNCOVERED)));
    await w.statusBarItem({ id: 'reqtrace.status', text: 'Req 50%' });
    await w.screenshot('06c-live-undone');
  });

  it('7. hover on the unknown AUTH-01 says so and suggests AUTH-001', async function () {
    const w = s.workbench();
    await w.openFile('src/auth/login.ts');
    const text = await w.hover('AUTH-01', { line: 22, expect: /Did you mean/ });
    assert.match(text, /AUTH-01 — unknown requirement/, text);
    assert.match(text, new RegExp(`Did you mean AUTH-001: ${AUTH_001_TITLE}\\?`), text);
    assert.doesNotMatch(text, /\*\*/, `raw Markdown in the hover: ${text}`);
    await w.screenshot('07-hover-unknown');
  });

  it('8. Go to Requirement lists the requirements, narrows them as you type, and opens the chosen one', async function () {
    const w = s.workbench();
    await w.openFile('src/auth/login.ts');
    await w.page.keyboard.press('F1');
    const widget = w.page.locator('.quick-input-widget');
    const input = widget.locator('input');
    await w.wait.visible(input, 'the command palette');
    await input.fill('>reqtrace: Go to Requirement');
    const command = widget.locator('.quick-input-list .monaco-list-row').filter({ hasText: 'Go to Requirement' }).first();
    await w.wait.visible(command, 'the Go to Requirement command');
    await command.click();
    // The picker replaces the palette in the same widget: every requirement of the demo, by ID.
    // A row's aria-label starts with its label (the ID), then its description and detail.
    const labels = async () =>
      (await widget.locator('.quick-input-list .monaco-list-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('aria-label') ?? ''))).map(
        (label) => /^[A-Z]+-\d+/.exec(label)?.[0] ?? label,
      );
    let shown: string[] = [];
    await w.wait.until('the picker to list the 8 requirements', async () => (shown = await labels()).length === 8);
    assert.deepEqual(shown, ['API-001', 'API-002', 'AUTH-001', 'AUTH-002', 'AUTH-003', 'AUTH-004', 'AUTH-005', 'BILL-001']);
    await w.screenshot('08a-go-to-requirement');
    // Words of a title: the server's search and the picker's own filter agree on AUTH-002 alone.
    await input.fill('expire after');
    const typed = Date.now();
    // The picker filters what it has at once; the server's answer follows (after an 80 ms pause in typing).
    const busy = widget.locator('.monaco-progress-container.active');
    await w.wait.until('the picker to narrow to AUTH-002 with the search answered', async () => {
      shown = await labels();
      return shown.length === 1 && shown[0] === 'AUTH-002' && Date.now() - typed > 300 && (await busy.count()) === 0;
    });
    assert.match(await widget.locator('.quick-input-list .monaco-list-row').first().innerText(), /Sessions expire after inactivity[\s\S]*docs\/requirements\.md:15/);
    await w.screenshot('08b-go-to-requirement-typed');
    await w.page.keyboard.press('Enter');
    await w.wait.hidden(widget, 'the picker to close');
    await w.wait.until('docs/requirements.md to open at AUTH-002 (line 15)', async () => {
      const at = await w.activeEditor();
      return at.file === path.join(w.folder, 'docs', 'requirements.md') && at.line === 15;
    });
  });

  it("9. the spec's code lens follows an unsaved @test AUTH-002 typed in the code beside it", async function () {
    const w = s.workbench();
    await w.openFile('docs/requirements.md');
    await w.goToLine(15);
    // The test file moves to a group of its own on the right, where it has the focus; the spec shows on the left.
    await w.openFile('tests/login.test.ts');
    await w.runCommand('View: Move Editor into Right Group');
    await w.waitForEditorText("describe('login', () => {");
    // Each line's lenses, read from the decoration itself: the links inside it were missing in some runs.
    const specLenses = w.page.locator('.editor-group-container:not(.active) .monaco-editor .codelens-decoration');
    const lensTexts = async () => (await specLenses.allInnerTexts()).map((t) => t.replace(/[\s\u00a0]+/g, ' ').trim());
    // For a wait's condition: true, or an error that names the lenses shown (reported when the wait times out).
    const lensesShow = (texts: string[], ok: boolean) => {
      if (!ok) throw new Error(`the spec's lenses: ${JSON.stringify(texts)}`);
      return true;
    };
    // AUTH-002 has implementations and no test: its lens says how many.
    const untested = /^uncovered: test \((\d+) impl · 0 test\)$/;
    let before: string[] = [];
    await w.wait.until("the spec's lens on AUTH-002 without a test", async () => lensesShow((before = await lensTexts()), before.some((t) => untested.test(t))));
    const impls = untested.exec(before.find((t) => untested.test(t))!)![1];
    await w.typeAtLine(4, '// @test AUTH-002\n', 'start');
    // The spec's text did not change: VS Code asks for its lenses again only when the server asks it to.
    // AUTH-001's lens above it may read the same: count them.
    const tested = `${impls} impl · 1 test`;
    const count = (texts: string[]) => texts.filter((t) => t === tested).length;
    let after: string[] = [];
    await w.wait.until(`the spec's lens on AUTH-002 to read "${tested}"`, async () => lensesShow((after = await lensTexts()), !after.some((t) => untested.test(t))));
    await w.screenshot('09-lens-follows-code');
    assert.equal(count(after), count(before) + 1, after.join(' | '));
    assert.equal(after.length, before.length, after.join(' | '));
    await undoUntilClean(w);
    await w.wait.until("the spec's lens on AUTH-002 to lose the test again", async () => {
      const texts = await lensTexts();
      return lensesShow(texts, texts.some((t) => untested.test(t)));
    });
    await w.runCommand('View: Join All Editor Groups');
  });
});

/** Waits until the status bar shows the cursor at `expected`; a timeout shows where it is. */
async function expectCursor(w: Workbench, expected: CursorPosition): Promise<void> {
  let last: CursorPosition | undefined;
  try {
    await w.wait.until(`the cursor at Ln ${expected.line}, Col ${expected.column}`, async () => {
      last = await w.cursor();
      return last.line === expected.line && last.column === expected.column;
    });
  } catch (error) {
    assert.deepEqual(last, expected, String(error));
    throw error;
  }
}

/** Waits until the Problems panel's rows satisfy `done`. */
async function waitForProblems(w: Workbench, what: string, done: (rows: ProblemRow[]) => boolean): Promise<void> {
  await w.wait.until(what, async () => done(await w.problems()));
}

/**
 * Undoes one step at a time until the active editor is back at its saved
 * text (its tab is no longer dirty): typing with spaces and a newline takes
 * several undo steps, and how many is Monaco's business. Undoing past the
 * opening of the file does nothing, so a step too many would be harmless.
 */
async function undoUntilClean(w: Workbench): Promise<void> {
  const dirtyTab = w.page.locator('.editor-group-container.active .tab.active.dirty');
  for (let i = 0; i < 20 && (await dirtyTab.count()) > 0; i++) {
    const before = await w.editorText();
    await w.undo();
    await w.wait.until('Undo to change the editor', async () => (await dirtyTab.count()) === 0 || (await w.editorText()) !== before);
  }
  await w.wait.hidden(dirtyTab, 'the editor to be clean again after undoing');
}

