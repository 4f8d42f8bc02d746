/**
 * The server answers odd requests with neutral values and keeps running:
 * non-file URIs, files outside every folder or not on disk, positions past
 * the end, unsynced documents, and cancelled requests.
 */
import * as assert from 'node:assert/strict';
import { CancellationTokenSource, LSPErrorCodes, ResponseError, type Hover, type MarkupContent } from 'vscode-languageserver-protocol/node';
import { range } from './fixtures';
import { LspTestClient } from './lspClient';

describe('LSP: robustness (lsp-basic)', () => {
  let client: LspTestClient;

  before(async () => {
    client = await LspTestClient.start({ fixtures: ['lsp-basic'] });
  });
  after(async () => {
    await client?.dispose();
  });

  /** Handler failures are logged by the server's guard as `<feature> failed: <stack>`. */
  const handlerFailures = () => client.logs.filter((l) => / failed: /.test(l));

  /** Every position-based and document-based request on `uri`, with the neutral answer expected. */
  async function assertNeutral(uri: string): Promise<void> {
    const doc = { textDocument: { uri } };
    const pos = { ...doc, position: { line: 0, character: 3 } };
    assert.equal(await client.request('textDocument/hover', pos), null, 'hover');
    assert.equal(await client.request('textDocument/definition', pos), null, 'definition');
    assert.equal(await client.request('textDocument/references', { ...pos, context: { includeDeclaration: true } }), null, 'references');
    assert.equal(await client.request('textDocument/implementation', pos), null, 'implementation');
    assert.deepEqual(await client.request('textDocument/completion', pos), [], 'completion');
    assert.deepEqual(await client.request('textDocument/codeLens', doc), [], 'codeLens');
    assert.deepEqual(await client.request('textDocument/inlayHint', { ...doc, range: range(0, 0, 10, 0) }), [], 'inlayHint');
    assert.deepEqual(await client.request('textDocument/documentSymbol', doc), [], 'documentSymbol');
    assert.deepEqual((await client.request<{ data: number[] }>('textDocument/semanticTokens/full', doc)).data, [], 'semanticTokens');
    assert.deepEqual(await client.request('textDocument/codeAction', { ...doc, range: range(0, 0, 0, 1), context: { diagnostics: [] } }), [], 'codeAction');
    assert.equal(await client.request('textDocument/prepareRename', pos), null, 'prepareRename');
    assert.equal(await client.request('textDocument/rename', { ...pos, newName: 'SHOP-100' }), null, 'rename');
  }

  it('answers neutrally for a non-file URI', async () => {
    await assertNeutral('untitled:Untitled-1');
    await assertNeutral('vscode-notebook-cell:/x.ipynb#cell1');
  });

  it('answers neutrally for a file outside every workspace folder', async () => {
    await assertNeutral('file:///definitely/not/in/the/workspace.ts');
  });

  it('answers neutrally for a file of the folder that does not exist', async () => {
    await assertNeutral(client.uri('src/missing.ts'));
  });

  it('answers neutrally for a malformed file URI', async () => {
    await assertNeutral('file://host-without-path');
  });

  it('survives synced documents it does not handle: untitled, unknown languages, outside folders', async () => {
    const untitled = 'untitled:Untitled-2';
    await client.notification('textDocument/didOpen', { textDocument: { uri: untitled, languageId: 'typescript', version: 1, text: '// @impl SHOP-004\n' } });
    await client.notification('textDocument/didChange', {
      textDocument: { uri: untitled, version: 2 },
      contentChanges: [{ range: range(0, 0, 0, 0), text: '// @test SHOP-004\n' }],
    });
    const notes = await client.open('notes.txt', 0, 'SHOP-004 in a text file\n');
    await client.notification('textDocument/didClose', { textDocument: { uri: untitled } });
    await client.close(notes);
    assert.ok(await client.isAlive());
    // Untitled buffers are not part of the workspace: SHOP-004 is still uncovered.
    const spec = client.diagnostics.get(client.uri('docs/spec.md')) ?? [];
    assert.deepEqual(
      spec.map((d) => d.code),
      ['uncovered-requirement'],
    );
  });

  it('answers neutrally for positions past the end of a document', async () => {
    const uri = client.uri('src/app.ts');
    assert.equal(await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 999, character: 0 } }), null);
    assert.equal(await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 3, character: 999 } }), null);
    await client.open('src/app.ts');
    try {
      assert.deepEqual(await client.request('textDocument/completion', { textDocument: { uri }, position: { line: 999, character: 999 } }), []);
    } finally {
      await client.close(uri);
    }
  });

  it('a cancelled request is answered (result or RequestCancelled) and the server keeps working', async () => {
    const uri = client.uri('src/app.ts');
    const source = new CancellationTokenSource();
    const pending = client.requestCancellable<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: 3, character: 16 } }, source.token);
    source.cancel();
    try {
      const h = await pending;
      // Answered before the cancellation arrived: the full answer, or the guard's neutral one.
      if (h !== null) assert.deepEqual(h.range, range(3, 15, 3, 23));
    } catch (e) {
      assert.ok(e instanceof ResponseError, `expected a ResponseError, got ${e}`);
      assert.equal(e.code, LSPErrorCodes.RequestCancelled);
    }
    // Cancelling many in-flight requests at once does not disturb the ones after.
    const sources = Array.from({ length: 20 }, () => new CancellationTokenSource());
    const many = sources.map((s) =>
      client
        .requestCancellable('workspace/symbol', { query: 'SHOP' }, s.token)
        .then(() => 'answered')
        .catch((e: unknown) => (e instanceof ResponseError && e.code === LSPErrorCodes.RequestCancelled ? 'cancelled' : `failed: ${e}`)),
    );
    for (const s of sources) s.cancel();
    for (const outcome of await Promise.all(many)) assert.ok(outcome === 'answered' || outcome === 'cancelled', outcome);

    const h = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: { line: 3, character: 16 } });
    assert.ok((h.contents as MarkupContent).value.startsWith('**SHOP-001**'));
  });

  it('no handler threw along the way, and the process is still running', async () => {
    assert.deepEqual(handlerFailures(), []);
    assert.ok(await client.isAlive());
    assert.equal(client.exitCode, undefined);
  });
});
