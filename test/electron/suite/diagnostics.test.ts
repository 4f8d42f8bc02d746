/**
 * Activation and diagnostics in the real extension host: the extension activates on the demo
 * workspace, and VS Code ends up with exactly the diagnostics of test-fixtures/demo/expected.json.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeOf, demoUri, EXTENSION_ID, extensionReady, relativeToDemo, reqtraceDiagnostics, waitFor } from './demoWorkspace';

describe('extension host: activation and diagnostics (demo)', () => {
  before(async () => {
    await extensionReady();
  });

  it('is active and registers its commands', async () => {
    assert.equal(vscode.extensions.getExtension(EXTENSION_ID)?.isActive, true);
    const commands = new Set(await vscode.commands.getCommands(true));
    for (const id of ['reqtrace.restartServer', 'reqtrace.goToRequirement', 'reqtrace.showCoverage', 'reqtrace.showLog']) {
      assert.ok(commands.has(id), `${id} is registered`);
    }
  });

  it('shows the golden diagnostics of expected.json, as `file:line:column code`', async () => {
    const expectedJson = await vscode.workspace.fs.readFile(demoUri('expected.json'));
    const expected = (JSON.parse(Buffer.from(expectedJson).toString('utf8')) as { diagnostics: string[] }).diagnostics.slice().sort();
    const current = (): string[] =>
      vscode.languages
        .getDiagnostics()
        .flatMap(([uri, diags]) =>
          diags.filter((d) => d.source === 'reqtrace').map((d) => `${relativeToDemo(uri)}:${d.range.start.line + 1}:${d.range.start.character + 1} ${codeOf(d)}`),
        )
        .sort();
    // On a timeout, compare what is there, so that the failure shows the difference.
    const actual = await waitFor('the diagnostics of expected.json', vscode.languages.onDidChangeDiagnostics, current, (a) => a.join('\n') === expected.join('\n')).catch(() => current());
    assert.deepEqual(actual, expected);
  });

  it('reports the unknown AUTH-01 in login.ts as an error with a suggestion', () => {
    const login = demoUri('src/auth/login.ts');
    const unknown = reqtraceDiagnostics(login).filter((d) => codeOf(d) === 'unknown-requirement');
    assert.equal(unknown.length, 1, JSON.stringify(reqtraceDiagnostics(login)));
    const [d] = unknown;
    // `// TODO(JIRA-123): move to the user service. AUTH-01 covers the lockout.` is line 22.
    assert.deepEqual([d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character], [21, 45, 21, 52]);
    assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(d.source, 'reqtrace');
    assert.equal(d.message, 'unknown requirement AUTH-01; did you mean AUTH-001?');
  });
});
