/**
 * Rename through VS Code's rename commands: AUTH-003 → AUTH-030 from a code comment edits the
 * spec heading and every reference, VS Code applies the edit to the buffers, and the server
 * follows the edited buffers. The buffers are reverted afterwards; nothing is saved.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { demoUri, extensionReady, hoverText, positionOf, relativeToDemo } from './demoWorkspace';

describe('extension host: rename (demo)', () => {
  before(async () => {
    await extensionReady();
  });

  after(async () => {
    for (const document of vscode.workspace.textDocuments.filter((d) => d.isDirty)) {
      await vscode.window.showTextDocument(document);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  /** `// Implements: AUTH-003` on line 13 of login.ts. */
  const onAuth003 = async () => {
    const at = await positionOf('src/auth/login.ts', 12, 'AUTH-003');
    return { uri: at.uri, position: at.position.translate(0, 2), start: at.position };
  };

  it('prepareRename offers the ID with its range', async () => {
    const { uri, position, start } = await onAuth003();
    const prepared = await vscode.commands.executeCommand<{ range: vscode.Range; placeholder: string } | undefined>('vscode.prepareRename', uri, position);
    assert.ok(prepared, 'prepareRename answered');
    assert.equal(prepared.placeholder, 'AUTH-003');
    assert.ok(prepared.range.isEqual(new vscode.Range(start, start.translate(0, 'AUTH-003'.length))), JSON.stringify(prepared.range));
  });

  it('renames the heading and every reference, and the server follows the edited buffers', async () => {
    const { uri, position } = await onAuth003();
    const edit = await vscode.commands.executeCommand<vscode.WorkspaceEdit>('vscode.executeDocumentRenameProvider', uri, position, 'AUTH-030');
    assert.ok(edit, 'a WorkspaceEdit');
    const files = edit.entries().map(([u]) => relativeToDemo(u)).sort();
    assert.deepEqual(files, ['docs/requirements.md', 'src/auth/login.ts', 'tests/login.test.ts']);
    for (const [, edits] of edit.entries()) {
      for (const e of edits) assert.equal(e.newText, 'AUTH-030');
    }

    assert.equal(await vscode.workspace.applyEdit(edit), true, 'VS Code applied the edit');
    const line = async (file: string, n: number) => (await vscode.workspace.openTextDocument(demoUri(file))).lineAt(n).text;
    assert.equal(await line('docs/requirements.md', 21), '## AUTH-030: Passwords are stored hashed');
    assert.equal(await line('src/auth/login.ts', 12), '  const hash = await hashPassword(password); // Implements: AUTH-030');
    assert.equal(await line('tests/login.test.ts', 5), '    // AUTH-030: hashing is exercised through login');

    // The client sends the buffer changes before the hover request, so the server already knows AUTH-030.
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position);
    const text = hoverText(hovers);
    assert.ok(text.includes('**AUTH-030**: Passwords are stored hashed'), text);
  });
});
