/**
 * Hover and go to definition through VS Code's own provider commands, on the demo workspace:
 * what an editor shows for `@impl AUTH-001@2` in src/auth/login.ts.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { extensionReady, hoverText, positionOf, relativeToDemo } from './demoWorkspace';

describe('extension host: hover and definition (demo)', () => {
  before(async () => {
    await extensionReady();
  });

  /** Inside `AUTH-001` of ` * @impl AUTH-001@2`, line 9 of login.ts. */
  const onAuth001 = async () => {
    const at = await positionOf('src/auth/login.ts', 8, 'AUTH-001@2');
    return { uri: at.uri, position: at.position.translate(0, 3) };
  };

  it('hover on a reference shows the title, the coverage and where it is defined', async () => {
    const { uri, position } = await onAuth001();
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position);
    const text = hoverText(hovers);
    assert.ok(text.includes('**AUTH-001**: Users can log in with email and password'), text);
    assert.ok(text.includes('Coverage: 2 impl · 1 test'), text);
    assert.ok(text.includes('Defined in `docs/requirements.md:6`'), text);
  });

  it('go to definition from a reference leads to the heading in docs/requirements.md', async () => {
    const { uri, position } = await onAuth001();
    const found = await vscode.commands.executeCommand<Array<vscode.Location | vscode.LocationLink>>('vscode.executeDefinitionProvider', uri, position);
    const targets = found.map((l) => ('targetUri' in l ? { uri: l.targetUri, range: l.targetRange } : { uri: l.uri, range: l.range }));
    assert.equal(targets.length, 1, JSON.stringify(targets));
    const [target] = targets;
    assert.equal(relativeToDemo(target.uri), 'docs/requirements.md');
    assert.equal(target.range.start.line, 5);
    const spec = await vscode.workspace.openTextDocument(target.uri);
    assert.equal(spec.getText(target.range), 'AUTH-001');
  });
});
