/**
 * Two workspace folders, each with its own reqtrace.yaml and IDs: their
 * indexes, diagnostics, settings and lifetimes stay apart.
 */
import * as assert from 'node:assert/strict';
import type { CompletionItem, Hover, InlayHint, Location, MarkupContent, SymbolInformation } from 'vscode-languageserver-protocol/node';
import type { WorkspaceFolderRequirements } from '../../server/src/protocol';
import { expectedOf, range } from './fixtures';
import { LspTestClient } from './lspClient';

const A = 0;
const B = 1;

describe('LSP: multi-root workspace (lsp-basic + lsp-basic-second)', () => {
  let client: LspTestClient;
  let backup: string;

  before(async () => {
    client = await LspTestClient.start({ fixtures: ['lsp-basic', 'lsp-basic-second'] });
    backup = client.uri('src/backup.py', B);
  });
  after(async () => {
    await client?.dispose();
  });

  const hover = (uri: string, line: number, character: number) =>
    client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line, character } });
  const text = (h: Hover | null) => (h?.contents as MarkupContent | undefined)?.value ?? '';
  const hints = (uri: string) => client.request<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri }, range: range(0, 0, 1000, 0) });

  it("pushes each folder's expected diagnostics", () => {
    assert.deepEqual(client.diagnosticLines(A), expectedOf('lsp-basic').diagnostics);
    assert.deepEqual(client.diagnosticLines(B), expectedOf('lsp-basic-second').diagnostics);
  });

  it("hover in folder B does not see folder A's requirements", async () => {
    const h = await hover(backup, 5, 10);
    assert.deepEqual(h?.range, range(5, 8, 5, 16));
    assert.equal(text(h), '**SHOP-001** — unknown requirement');
    // Folder B needs impl only (its own reqtrace.yaml).
    assert.ok(text(await hover(backup, 0, 10)).includes('Coverage: 1 impl'));
    assert.ok(text(await hover(client.uri('src/app.ts', A), 3, 16)).startsWith('**SHOP-001**: Users can log in'));
  });

  it('definition stays in the folder of the reference', async () => {
    const defs = await client.request<Location[]>('textDocument/definition', { textDocument: { uri: backup }, position: { line: 0, character: 9 } });
    assert.deepEqual(defs, [{ uri: client.uri('docs/ops.md', B), range: range(2, 3, 2, 10) }]);
    assert.deepEqual(await client.request('textDocument/definition', { textDocument: { uri: backup }, position: { line: 5, character: 9 } }), []);
  });

  it('workspace symbols search both folders and point into the right one', async () => {
    const search = async (query: string) => (await client.request<SymbolInformation[]>('workspace/symbol', { query })).map((s) => s.location.uri);
    assert.deepEqual(await search('SHOP-001'), [client.uri('docs/spec.md', A)]);
    assert.deepEqual(await search('backups'), [client.uri('docs/ops.md', B)]);
  });

  it('reqtrace/requirements lists each folder with its own requirements', async () => {
    const folders = await client.request<WorkspaceFolderRequirements[]>('reqtrace/requirements', {});
    assert.deepEqual(
      // The server orders folders by URI; the temp copies' names are random.
      folders.map((f) => [f.folder, f.name, f.requirements.map((r) => r.id)]).sort((x, y) => (x[1] < y[1] ? -1 : 1)),
      [
        [client.folders[A].uri, 'lsp-basic', ['API-010', 'API-011', 'SHOP-001', 'SHOP-002', 'SHOP-003', 'SHOP-004']],
        [client.folders[B].uri, 'lsp-basic-second', ['OPS-001']],
      ],
    );
  });

  it("completion in folder B offers folder B's IDs only", async () => {
    await client.open('src/backup.py', B);
    try {
      const items = await client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri: backup }, position: { line: 0, character: 8 } });
      assert.deepEqual(
        items.map((i) => [i.label, i.detail]),
        [['OPS-001', 'Backups run nightly']],
      );
    } finally {
      await client.close(backup);
    }
  });

  it('settings are read per folder: inlay hints off in folder B only', async () => {
    const appUri = client.uri('src/app.ts', A);
    assert.equal((await hints(backup)).length, 1);
    const refreshes = client.countServerRequests('workspace/inlayHint/refresh');
    await client.changeSettings('reqtrace', { enable: true, inlayHints: false, codeLens: true }, B);
    await client.waitForServerRequest('workspace/inlayHint/refresh', refreshes);
    try {
      assert.deepEqual(await hints(backup), []);
      assert.equal((await hints(appUri)).length, 4);
    } finally {
      const again = client.countServerRequests('workspace/inlayHint/refresh');
      await client.changeSettings('reqtrace', { enable: true, inlayHints: true, codeLens: true }, B);
      await client.waitForServerRequest('workspace/inlayHint/refresh', again);
    }
    assert.equal((await hints(backup)).length, 1);
  });

  it("`enable: false` for folder B clears its diagnostics and leaves A's", async () => {
    await client.changeSettings('reqtrace', { enable: false, inlayHints: true, codeLens: true }, B);
    await client.waitForDiagnostics(backup, (d) => d.length === 0);
    assert.equal(await hover(backup, 0, 10), null);
    assert.deepEqual(client.diagnosticLines(A), expectedOf('lsp-basic').diagnostics);

    await client.changeSettings('reqtrace', { enable: true, inlayHints: true, codeLens: true }, B);
    await client.waitForDiagnostics(backup, (d) => d.length === 1);
    assert.deepEqual(client.diagnosticLines(B), expectedOf('lsp-basic-second').diagnostics);
  });

  it('removing folder B clears its diagnostics; adding it back indexes it again', async () => {
    const folderB = { uri: client.folders[B].uri, name: client.folders[B].name };
    await client.notification('workspace/didChangeWorkspaceFolders', { event: { added: [], removed: [folderB] } });
    await client.waitForDiagnostics(backup, (d) => d.length === 0);
    assert.equal(await hover(backup, 0, 10), null);
    assert.deepEqual(client.diagnosticLines(A), expectedOf('lsp-basic').diagnostics);

    await client.notification('workspace/didChangeWorkspaceFolders', { event: { added: [folderB], removed: [] } });
    await client.waitForDiagnostics(backup, (d) => d.length === 1);
    assert.ok(text(await hover(backup, 0, 10)).startsWith('**OPS-001**: Backups run nightly'));
  });

  it("removing a folder also clears its reqtrace.yaml's diagnostics", async () => {
    const config = client.uri('reqtrace.yaml', B);
    await client.writeFile('reqtrace.yaml', 'needs: [impl]\ncolour: red\n', B);
    await client.waitForDiagnostics(config, (d) => d.some((x) => x.code === 'invalid-config'));

    const folderB = { uri: client.folders[B].uri, name: client.folders[B].name };
    await client.notification('workspace/didChangeWorkspaceFolders', { event: { added: [], removed: [folderB] } });
    try {
      await client.waitForDiagnostics(backup, (d) => d.length === 0);
      await client.roundTrip();
      assert.deepEqual(client.diagnostics.get(config), [], 'reqtrace.yaml of the removed folder still shows invalid-config');
    } finally {
      await client.notification('workspace/didChangeWorkspaceFolders', { event: { added: [folderB], removed: [] } });
      await client.waitForDiagnostics(backup, (d) => d.length === 1);
    }
  });
});
