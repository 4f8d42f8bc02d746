/**
 * Completion in a workspace with more requirements than one answer carries:
 * at most 200 items, the best matches first (IDs starting with what was
 * typed, then IDs containing it, then titles), the list marked incomplete
 * while more match, and each item's documentation made only when the
 * editor resolves that item. The Go to Requirement search ranks the same way.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CompletionItem, CompletionList, MarkupContent } from 'vscode-languageserver-protocol/node';
import type { WorkspaceFolderRequirements } from '../../server/src/protocol';
import type { WorkspaceFolderCopy } from './fixtures';
import { LspTestClient } from './lspClient';

const CATS = 300;

function workspace(): WorkspaceFolderCopy {
  const root = path.join(fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'reqtrace-lsp-'))), 'many');
  fs.mkdirSync(path.join(root, 'docs'), { recursive: true });
  fs.mkdirSync(path.join(root, 'src'), { recursive: true });
  const cats = Array.from({ length: CATS }, (_, i) => `## CAT-${String(i + 1).padStart(3, '0')}: Catalogue item ${i + 1}\n`);
  // Before every CAT- ID in ID order, but a weaker match: an ID containing `CAT`, and a title containing it.
  const others = ['## BIG-CAT-1: Many of them\n', '## API-001: Cat-1 feeding schedule\n'];
  fs.writeFileSync(path.join(root, 'docs/spec.md'), `# Spec\n\n${[...others, ...cats].join('\n')}`);
  fs.writeFileSync(path.join(root, 'src/a.ts'), '// @impl CAT-100\nexport const x = 1;\n');
  return { name: 'many', root, uri: pathToFileURL(root).toString() };
}

describe('LSP: completion among many requirements', function () {
  this.timeout(60_000);
  let client: LspTestClient;
  let folder: WorkspaceFolderCopy;
  let uri: string;

  before(async () => {
    folder = workspace();
    client = await LspTestClient.start({ fixtures: [], folders: [folder] });
    uri = await client.open('src/a.ts');
  });
  after(async () => {
    await client?.dispose();
    if (folder) fs.rmSync(path.dirname(folder.root), { recursive: true, force: true });
  });

  /** Completion at the end of a new first line `// @impl TYPED`. */
  async function completeAfter(typed: string): Promise<CompletionItem[] | CompletionList | null> {
    await client.change(uri, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: `// @impl ${typed}\n` }]);
    try {
      return await client.request<CompletionItem[] | CompletionList | null>('textDocument/completion', {
        textDocument: { uri },
        position: { line: 0, character: 9 + typed.length },
      });
    } finally {
      await client.change(uri, [{ range: { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } }, text: '' }]);
    }
  }

  it('announces resolve support', () => {
    assert.equal(client.initializeResult.capabilities.completionProvider?.resolveProvider, true);
  });

  it('with nothing typed: the first 200 in ID order, an incomplete list, no documentation yet', async () => {
    const r = await completeAfter('');
    assert.ok(r && !Array.isArray(r), 'a CompletionList');
    assert.equal(r.isIncomplete, true);
    assert.equal(r.items.length, 200);
    assert.deepEqual(
      r.items.slice(0, 4).map((i) => i.label),
      ['API-001', 'BIG-CAT-1', 'CAT-001', 'CAT-002'],
    );
    assert.ok(r.items.every((i) => i.documentation === undefined), 'documentation waits for resolve');
  });

  it('IDs starting with the typed text first, then IDs containing it, then titles; complete when all fit', async () => {
    const r = await completeAfter('CAT-1');
    assert.ok(Array.isArray(r), 'a complete list is a plain array');
    const labels = r.map((i) => i.label);
    assert.deepEqual(labels.slice(0, 3), ['CAT-100', 'CAT-101', 'CAT-102']);
    assert.deepEqual(labels.slice(-3), ['CAT-199', 'BIG-CAT-1', 'API-001']);
    assert.equal(labels.length, 100 + 2);
  });

  it('more matches than fit: the best 200, incomplete', async () => {
    const r = await completeAfter('cat');
    assert.ok(r && !Array.isArray(r) && r.isIncomplete);
    assert.deepEqual(
      r.items.map((i) => i.label),
      Array.from({ length: 200 }, (_, i) => `CAT-${String(i + 1).padStart(3, '0')}`),
    );
  });

  it("resolve adds the requirement's hover as documentation", async () => {
    const r = await completeAfter('CAT-10');
    const item = (Array.isArray(r) ? r : r!.items).find((i) => i.label === 'CAT-100')!;
    const resolved = await client.request<CompletionItem>('completionItem/resolve', item);
    const doc = (resolved.documentation as MarkupContent).value;
    assert.match(doc, /CAT-100/);
    assert.match(doc, /Catalogue item 100/);
    assert.match(doc, /1 impl/);
    assert.equal(resolved.label, 'CAT-100');
    assert.deepEqual(resolved.textEdit, item.textEdit);
  });

  it('the Go to Requirement search: the best matches of what is typed, in the ID, the title or the file, at most `limit`', async () => {
    const search = async (query: string, limit: number) =>
      (await client.request<WorkspaceFolderRequirements[]>('reqtrace/requirements', { query, limit }))[0].requirements.map((r) => r.id);
    assert.deepEqual(await search('cat-1', 3), ['CAT-100', 'CAT-101', 'CAT-102']);
    assert.deepEqual((await search('CAT-1', 200)).slice(-2), ['BIG-CAT-1', 'API-001'], 'IDs containing it, then titles');
    assert.deepEqual(await search('feeding', 10), ['API-001']);
    assert.equal((await search('docs/spec', 500)).length, CATS + 2, 'by the definition\'s file');
    assert.equal((await search('', 1000)).length, CATS + 2);
    assert.deepEqual(await search('nothing like it', 10), []);
    const [item] = (await client.request<WorkspaceFolderRequirements[]>('reqtrace/requirements', { query: 'CAT-100', limit: 1 }))[0].requirements;
    assert.deepEqual([item.id, item.title, item.referenceCount, item.errors], ['CAT-100', 'Catalogue item 100', 1, 0]);
  });

  it('resolve of an item it did not make (or of an ID since removed) returns it unchanged', async () => {
    const foreign: CompletionItem = { label: 'X', data: { uri, id: 'NOPE-1' } };
    assert.deepEqual(await client.request('completionItem/resolve', foreign), foreign);
    const bare: CompletionItem = { label: 'Y' };
    assert.deepEqual(await client.request('completionItem/resolve', bare), bare);
  });
});
