/**
 * Helpers for the extension-host tests: the opened copy of test-fixtures/demo, the extension's
 * activation, and waits on VS Code events with a timeout (never a sleep).
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { name, publisher } from '../../../package.json';

export const EXTENSION_ID = `${publisher}.${name}`;

/** The copy of test-fixtures/demo that runTests.mjs opened as the only workspace folder. */
export function demoFolder(): vscode.Uri {
  const folders = vscode.workspace.workspaceFolders ?? [];
  assert.equal(folders.length, 1, 'the tests expect one workspace folder, the copy of test-fixtures/demo');
  return folders[0].uri;
}

/** The URI of a file of the demo workspace, e.g. `src/auth/login.ts`. */
export function demoUri(relativePath: string): vscode.Uri {
  return vscode.Uri.joinPath(demoFolder(), ...relativePath.split('/'));
}

/** The path of a URI relative to the demo workspace, with `/`. */
export function relativeToDemo(uri: vscode.Uri): string {
  const root = demoFolder().path.replace(/\/?$/, '/');
  assert.ok(uri.path.startsWith(root), `${uri.toString()} is outside the demo workspace`);
  return uri.path.slice(root.length);
}

/**
 * Resolves with `compute()` as soon as `accept` holds for it: checked now and after every
 * `event`. Rejects after `timeoutMs`, naming what was awaited and the last value seen.
 */
export function waitFor<T>(
  what: string,
  event: vscode.Event<unknown>,
  compute: () => T,
  accept: (value: T) => boolean,
  timeoutMs = 30_000,
): Promise<T> {
  return new Promise((resolve, reject) => {
    let last = compute();
    if (accept(last)) {
      resolve(last);
      return;
    }
    const timer = setTimeout(() => {
      subscription.dispose();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last seen: ${JSON.stringify(last)}`));
    }, timeoutMs);
    const subscription = event(() => {
      last = compute();
      if (!accept(last)) return;
      clearTimeout(timer);
      subscription.dispose();
      resolve(last);
    });
  });
}

/** The diagnostics reqtrace published for a file. */
export function reqtraceDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'reqtrace');
}

/** A diagnostic's code as a string, whether VS Code holds it plain or with a link target. */
export function codeOf(d: vscode.Diagnostic): string | undefined {
  return typeof d.code === 'object' ? String(d.code.value) : d.code === undefined ? undefined : String(d.code);
}

/**
 * Activates the extension and waits until the server indexed the workspace, which it shows by
 * publishing the diagnostics of src/auth/login.ts (the demo has two there).
 */
export async function extensionReady(): Promise<vscode.Extension<unknown>> {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is not loaded in the extension host`);
  await extension.activate();
  const login = demoUri('src/auth/login.ts');
  await waitFor('reqtrace diagnostics on src/auth/login.ts (the workspace is indexed)', vscode.languages.onDidChangeDiagnostics, () => reqtraceDiagnostics(login).length, (n) => n > 0);
  return extension;
}

/** Opens a file of the demo workspace (without showing it) and returns the position of `text` on `line` (0-based). */
export async function positionOf(relativePath: string, line: number, text: string): Promise<{ uri: vscode.Uri; position: vscode.Position; document: vscode.TextDocument }> {
  const uri = demoUri(relativePath);
  const document = await vscode.workspace.openTextDocument(uri);
  const character = document.lineAt(line).text.indexOf(text);
  assert.ok(character >= 0, `${relativePath}:${line + 1} does not contain ${text}: ${document.lineAt(line).text}`);
  return { uri, position: new vscode.Position(line, character), document };
}

/** The text of hover contents, whichever form each part has. */
export function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : c.value))
    .join('\n---\n');
}
