/**
 * A checkout-sized didChangeWatchedFiles batch: thousands of files change on
 * disk at once. The server works through them in slices, so hovers sent
 * meanwhile are answered at once, and when the batch's work-done progress
 * ends the index and the diagnostics hold the new contents.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import type { Hover, MarkupContent } from 'vscode-languageserver-protocol/node';
import type { WorkspaceFolderCopy } from './fixtures';
import { LspTestClient } from './lspClient';

const FILES = 3000;
/** A hover may take this long during the batch; CI machines are slow, the server answers in a few ms. */
const HOVER_BOUND_MS = 250;

/** A source file of about 7 KB whose first line implements `ids`. */
function source(i: number, ids: string[]): string {
  const body = Array.from({ length: 100 }, (_, k) => `export function f${i}_${k}(xs: number[]): number {\n  return xs.length * ${k};\n}\n`);
  return `${ids.map((id) => `// @impl ${id}`).join('\n')}\n${body.join('')}`;
}

function workspace(): WorkspaceFolderCopy {
  const root = path.join(fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'reqtrace-lsp-'))), 'checkout');
  fs.mkdirSync(path.join(root, 'docs'), { recursive: true });
  fs.mkdirSync(path.join(root, 'src'), { recursive: true });
  fs.writeFileSync(path.join(root, 'reqtrace.yaml'), 'needs: [impl]\n');
  fs.writeFileSync(path.join(root, 'docs/spec.md'), '# Spec\n\n## GEN-001: First\n\nText.\n\n## GEN-002: Second\n\nText.\n');
  for (let i = 0; i < FILES; i++) fs.writeFileSync(path.join(root, `src/f${i}.ts`), source(i, ['GEN-001']));
  return { name: 'checkout', root, uri: pathToFileURL(root).toString() };
}

describe('LSP: a checkout-sized batch of watched files', function () {
  this.timeout(120_000);
  let client: LspTestClient;
  let folder: WorkspaceFolderCopy;

  before(async () => {
    folder = workspace();
    client = await LspTestClient.start({ fixtures: [], folders: [folder] });
  });
  after(async () => {
    await client?.dispose();
    if (folder) fs.rmSync(path.dirname(folder.root), { recursive: true, force: true });
  });

  it(`answers hovers throughout a batch of ${FILES} changed files, then holds their new contents`, async () => {
    const spec = client.uri('docs/spec.md');
    const hoverSecond = async () => {
      const h = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: spec }, position: { line: 6, character: 5 } });
      return (h?.contents as MarkupContent | undefined)?.value ?? '';
    };
    assert.match(await hoverSecond(), /uncovered: impl \(0 impl\)/);

    // The checkout: every file now implements GEN-002 and IDs nobody defines.
    const unknown = Array.from({ length: 8 }, (_, k) => `GEN-${401 + k}`);
    const changes = [];
    for (let i = 0; i < FILES; i++) {
      fs.writeFileSync(client.abs(`src/f${i}.ts`), source(i, ['GEN-002', ...unknown]));
      changes.push({ uri: client.uri(`src/f${i}.ts`), type: 2 as const });
    }
    const ends = client.progressEnds;
    await client.watchedFiles(changes);
    let batchDone = false;
    const batch = client.waitForProgressEnd(ends, 60_000).finally(() => (batchDone = true));

    const latencies: number[] = [];
    while (!batchDone) {
      const t = performance.now();
      const text = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: spec }, position: { line: 2, character: 5 } });
      latencies.push(performance.now() - t);
      assert.ok(text, 'a hover during the batch found nothing');
    }
    await batch;

    const slow = latencies.filter((ms) => ms > HOVER_BOUND_MS);
    assert.deepEqual(slow, [], `${slow.length} of ${latencies.length} hovers took over ${HOVER_BOUND_MS} ms`);
    // More than one hover went out while the batch ran: they were answered between its slices, not after it.
    assert.ok(latencies.length > 1, `only ${latencies.length} hover went out during the batch`);

    // When the batch's progress ends, its diagnostics have been pushed and the index holds the new contents.
    const missing = changes.filter((c) => (client.diagnostics.get(c.uri) ?? []).filter((d) => d.code === 'unknown-requirement').length !== unknown.length);
    assert.equal(missing.length, 0, `${missing.length} files lack their unknown-requirement diagnostics, e.g. ${missing[0]?.uri}`);
    assert.match(await hoverSecond(), new RegExp(`Coverage: ${FILES} impl`));
  });

  it('folds a batch arriving while one is handled into that run, and indexes the newer contents', async () => {
    const hoverAt = async (line: number) => {
      const h = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: client.uri('docs/spec.md') }, position: { line, character: 5 } });
      return (h?.contents as MarkupContent | undefined)?.value ?? '';
    };
    const rewrite = (from: number, to: number, ids: string[]) => {
      const changes = [];
      for (let i = from; i < to; i++) {
        fs.writeFileSync(client.abs(`src/f${i}.ts`), source(i, ids));
        changes.push({ uri: client.uri(`src/f${i}.ts`), type: 2 as const });
      }
      return changes;
    };
    const ends = client.progressEnds;
    const creates = client.countServerRequests('window/workDoneProgress/create');
    // First every file goes back to GEN-001; once the server started on that, a third of them move on to GEN-002.
    await client.watchedFiles(rewrite(0, FILES, ['GEN-001']));
    await client.waitForServerRequest('window/workDoneProgress/create', creates, 20_000);
    await client.watchedFiles(rewrite(0, FILES / 3, ['GEN-002']));
    await client.waitForProgressEnd(ends, 60_000);
    await client.roundTrip();

    assert.equal(client.countServerRequests('window/workDoneProgress/create'), creates + 1, 'the second batch ran on its own');
    assert.equal(client.progressEnds, ends + 1);
    assert.match(await hoverAt(2), new RegExp(`Coverage: ${(FILES * 2) / 3} impl`));
    assert.match(await hoverAt(6), new RegExp(`Coverage: ${FILES / 3} impl`));
    const stale = [...client.diagnostics].filter(([uri, diags]) => uri.includes('/src/') && diags.length > 0);
    assert.deepEqual(stale.slice(0, 3), [], `${stale.length} files still have diagnostics`);
  });
});
