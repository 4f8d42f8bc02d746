// Proves the e2e harness on its own, before the real extension exists: a
// throwaway extension (hover, definition, diagnostic, status bar item, command,
// notification) is packaged offline, installed into a private code-server, and
// every workbench helper is exercised against it.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startCodeServer } from './codeServer';
import { writeVsix } from './vsix';
import { e2eSession } from './session';
import type { Workbench } from './workbench';

const SMOKE_EXTENSION_JS = `
const vscode = require('vscode');
exports.activate = (context) => {
  const folder = vscode.workspace.workspaceFolders[0].uri;
  context.subscriptions.push(vscode.languages.registerHoverProvider({ scheme: 'file' }, {
    provideHover(doc, pos) {
      const range = doc.getWordRangeAtPosition(pos);
      return range ? new vscode.Hover('SMOKE HOVER: ' + doc.getText(range), range) : undefined;
    },
  }));
  context.subscriptions.push(vscode.languages.registerDefinitionProvider({ scheme: 'file' }, {
    provideDefinition(doc, pos) {
      const range = doc.getWordRangeAtPosition(pos);
      if (!range || doc.getText(range) !== 'TARGET') return undefined;
      return new vscode.Location(vscode.Uri.joinPath(folder, 'README.md'), new vscode.Position(2, 0));
    },
  }));
  const diagnostics = vscode.languages.createDiagnosticCollection('smoke');
  diagnostics.set(vscode.Uri.joinPath(folder, 'src', 'a.ts'), [
    new vscode.Diagnostic(new vscode.Range(0, 3, 0, 10), 'SMOKE DIAGNOSTIC', vscode.DiagnosticSeverity.Warning),
  ]);
  const item = vscode.window.createStatusBarItem('smoke.status', vscode.StatusBarAlignment.Left, 100);
  item.text = 'smoke: ready';
  item.show();
  context.subscriptions.push(diagnostics, item, vscode.commands.registerCommand('smoke.hello', () => {
    item.text = 'smoke: hello ran';
  }));
  vscode.window.showInformationMessage('SMOKE NOTIFICATION');
};
`;

function buildSmokeVsix(dir: string): string {
  return writeVsix(path.join(dir, 'smoke.vsix'), {
    packageJson: {
      name: 'smoke',
      publisher: 'reqtrace-test',
      version: '0.0.1',
      engines: { vscode: '^1.100.0' },
      main: './extension.js',
      activationEvents: ['onStartupFinished'],
      contributes: { commands: [{ command: 'smoke.hello', title: 'Smoke: Say Hello' }] },
    },
    files: { 'extension.js': SMOKE_EXTENSION_JS },
  });
}

function writeWorkspace(dir: string): string {
  fs.mkdirSync(path.join(dir, 'src'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'src', 'a.ts'), '// REQ-001: the smoke comment\nexport const TARGET = 1;\n');
  fs.writeFileSync(path.join(dir, 'README.md'), '# Smoke\n\nTARGET is defined here.\n');
  fs.mkdirSync(path.join(dir, 'lib', 'deep'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'lib', 'deep', 'b.ts'), 'export const B = 2;\n');
  // A second entry in lib: the explorer would show a lone folder chain as one row, lib/deep.
  fs.writeFileSync(path.join(dir, 'lib', 'c.ts'), 'export const C = 3;\n');
  return dir;
}

describe('e2e harness: startCodeServer without code-server', function () {
  it('says how to install code-server', async function () {
    const saved = process.env.REQTRACE_E2E_TOOLS;
    process.env.REQTRACE_E2E_TOOLS = path.join(os.tmpdir(), 'reqtrace-e2e-no-such-tools');
    try {
      await assert.rejects(startCodeServer({ workspace: os.tmpdir() }), /code-server is not installed[\s\S]*bash scripts\/install-code-server\.sh/);
    } finally {
      if (saved === undefined) delete process.env.REQTRACE_E2E_TOOLS;
      else process.env.REQTRACE_E2E_TOOLS = saved;
    }
  });
});

describe('e2e harness smoke: throwaway extension in code-server', function () {
  const s = e2eSession();
  /** The workbench, asserting that `before` got that far. */
  const workbench = (): Workbench => s.workbench();

  before(async function () {
    const tmp = s.makeTmp('smoke');
    const workspace = writeWorkspace(path.join(tmp, 'workspace'));
    await s.open(workspace, { vsix: buildSmokeVsix(tmp), screenshotPrefix: 'smoke' });
  });

  it('loads the workbench with the extension active', async function () {
    const item = await workbench().statusBarItem({ id: 'smoke.status' });
    assert.equal(item.text, 'smoke: ready');
    assert.equal(item.id, 'reqtrace-test.smoke.smoke.status');
    await workbench().screenshot('01-loaded');
  });

  it('dismisses notifications', async function () {
    const toast = workbench().page.locator('.notification-toast', { hasText: 'SMOKE NOTIFICATION' });
    await toast.waitFor({ state: 'visible', timeout: 30_000 });
    await workbench().dismissNotifications();
    assert.equal(await toast.count(), 0);
  });

  it('opens a file from the explorer', async function () {
    await workbench().openFile('src/a.ts');
    const at = await workbench().activeEditor();
    assert.equal(at.file, path.join(workbench().folder, 'src', 'a.ts'));
    const text = await workbench().editorText();
    assert.match(text, /^\/\/ REQ-001: the smoke comment\nexport const TARGET = 1;/);
    await workbench().screenshot('02-opened');
  });

  it('shows the hover of the extension', async function () {
    const text = await workbench().hover('smoke', { line: 1, expect: 'SMOKE HOVER' });
    assert.equal(text, 'SMOKE HOVER: smoke');
    await workbench().screenshot('03-hover');
    const second = await workbench().hover('TARGET', { expect: 'SMOKE HOVER' });
    assert.equal(second, 'SMOKE HOVER: TARGET');
  });

  it('goes to the definition in another file', async function () {
    const at = await workbench().goToDefinition('TARGET', { line: 2 });
    assert.deepEqual(at, { file: path.join(workbench().folder, 'README.md'), line: 3, column: 1 });
    await workbench().screenshot('04-definition');
  });

  it('lists the extension diagnostic in the Problems panel', async function () {
    const rows = await workbench().problems('SMOKE DIAGNOSTIC');
    // Marker rows are labelled like "Warning: SMOKE DIAGNOSTIC at line 1 and character 4.",
    // file rows like "1 problems in file a.ts of folder src".
    const marker = rows.find((r) => r.text.includes('SMOKE DIAGNOSTIC'));
    assert.equal(marker?.label, 'Warning: SMOKE DIAGNOSTIC at line 1 and character 4.', JSON.stringify(rows));
    assert.ok(rows.some((r) => r.label.includes('in file a.ts')), `no file row for a.ts in ${JSON.stringify(rows)}`);
    const problems = await workbench().statusBarItem({ id: 'status.problems' });
    assert.match(problems.ariaLabel, /Warnings: 1/);
    await workbench().screenshot('05-problems');
  });

  it('runs a command from the command palette', async function () {
    await workbench().runCommand('Smoke: Say Hello');
    const item = await workbench().statusBarItem({ id: 'smoke.status', text: 'hello ran' });
    assert.equal(item.text, 'smoke: hello ran');
  });

  it('types, undoes and saves', async function () {
    const wbn = workbench();
    const file = path.join(wbn.folder, 'src', 'a.ts');
    await wbn.openFile('src/a.ts');
    await wbn.page.keyboard.press('Control+Shift+E'); // focus moves to the explorer
    await wbn.focusEditor();
    // Without spaces the typing is one undo step; Monaco starts a new undo
    // step where typing switches to whitespace.
    await wbn.typeAtLine(2, '//typed');
    await wbn.waitForEditorText('export const TARGET = 1;//typed');
    await wbn.screenshot('06-typed');
    await wbn.undo();
    await wbn.waitForEditorText('typed', { absent: true });
    await wbn.typeAtLine(1, 'new line\n', 'start');
    await wbn.save();
    assert.equal(fs.readFileSync(file, 'utf8'), 'new line\n// REQ-001: the smoke comment\nexport const TARGET = 1;\n');
    await wbn.screenshot('07-saved');
  });

  it('opens a file in collapsed folders even when a click on a folder does not take', async function () {
    const wbn = workbench();
    // The page swallows the first click on an explorer row (as when the tree re-renders under the
    // mouse), so the folder stays collapsed until openFile clicks it again.
    await wbn.page.evaluate(() => {
      const w = window as unknown as { swallowedClicks: number };
      w.swallowedClicks = 0;
      const kinds = ['pointerdown', 'mousedown', 'pointerup', 'mouseup', 'click'];
      const swallow = (e: Event): void => {
        if (!(e.target as Element).closest('.explorer-folders-view .monaco-list-row')) return;
        e.stopImmediatePropagation();
        e.preventDefault();
        if (e.type !== 'click') return;
        w.swallowedClicks++;
        for (const kind of kinds) window.removeEventListener(kind, swallow, true);
      };
      for (const kind of kinds) window.addEventListener(kind, swallow, true);
    });
    await wbn.openFile('lib/deep/b.ts');
    assert.equal(await wbn.page.evaluate(() => (window as unknown as { swallowedClicks: number }).swallowedClicks), 1);
    assert.equal((await wbn.activeEditor()).file, path.join(wbn.folder, 'lib', 'deep', 'b.ts'));
    assert.match(await wbn.editorText(), /^export const B = 2;/);
    await wbn.screenshot('08-deep-file');
  });
});
