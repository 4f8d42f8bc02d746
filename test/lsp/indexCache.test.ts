/**
 * The server keeps its persisted index in the folder the client names
 * (the extension's storage), never in the workspace, and a restart on the
 * same workspace takes unchanged files from it.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { copyFixture } from './fixtures';
import { LspTestClient } from './lspClient';

function tree(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[]).sort();
}

describe('LSP: persisted index in the client-given cache folder', () => {
  it('writes one cache file there and nothing in the workspace; a restart reuses it', async () => {
    const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'reqtrace-lsp-cache-'));
    const folder = copyFixture('demo');
    const before = tree(folder.root);
    try {
      const first = await LspTestClient.start({ fixtures: [], folders: [folder], initializationOptions: { cacheDir } });
      let diagnostics: string[];
      try {
        diagnostics = first.diagnosticLines();
        assert.ok(diagnostics.length > 0);
        assert.ok(first.logs.some((l) => /indexed demo: 9 files in \d+ ms \(0 from the cache, /.test(l)), first.logs.join('\n'));
      } finally {
        await first.dispose();
      }
      const files = fs.readdirSync(cacheDir);
      assert.equal(files.length, 1, `cache folder: ${files.join(', ')}`);
      assert.match(files[0], /^reqtrace-index-[0-9a-f]+\.bin$/);

      const second = await LspTestClient.start({ fixtures: [], folders: [folder], initializationOptions: { cacheDir } });
      try {
        assert.ok(second.logs.some((l) => /indexed demo: 9 files in \d+ ms \(9 from the cache, /.test(l)), second.logs.join('\n'));
        assert.deepEqual(second.diagnosticLines(), diagnostics);
      } finally {
        await second.dispose();
      }
      assert.deepEqual(tree(folder.root), before, 'the workspace gained no files');
    } finally {
      fs.rmSync(path.dirname(folder.root), { recursive: true, force: true });
      fs.rmSync(cacheDir, { recursive: true, force: true });
    }
  });
});

describe('LSP: a cache still to be written when the editor closes', function () {
  this.timeout(60_000);

  it('is written before the server exits, so the next start is a warm one', async () => {
    const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'reqtrace-lsp-cache-'));
    const root = path.join(fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'reqtrace-lsp-'))), 'many');
    fs.mkdirSync(path.join(root, 'src'), { recursive: true });
    fs.writeFileSync(path.join(root, 'spec.md'), '## GEN-001: Only\n');
    // Enough files that pushing their diagnostics (paced) outlasts the shutdown sent as the index ends: the
    // server writes its cache only after that push, so at shutdown the write is still to come.
    const files = 3000;
    for (let i = 0; i < files; i++) fs.writeFileSync(path.join(root, `src/f${i}.ts`), `// @impl GEN-001\n// @impl GEN-${1000 + i}\n`);
    const folder = { name: 'many', root, uri: pathToFileURL(root).toString() };
    try {
      const first = await LspTestClient.start({ fixtures: [], folders: [folder], initializationOptions: { cacheDir }, noWait: true });
      try {
        await first.waitForProgressEnd(0);
      } finally {
        await first.dispose();
      }
      assert.ok(first.logs.some((l) => /writing the index cache of many before exiting/.test(l)), first.logs.join('\n'));
      assert.equal(fs.readdirSync(cacheDir).length, 1, 'the cache was written');

      const second = await LspTestClient.start({ fixtures: [], folders: [folder], initializationOptions: { cacheDir } });
      try {
        assert.ok(second.logs.some((l) => new RegExp(`indexed many: ${files + 1} files in \\d+ ms \\(${files + 1} from the cache, `).test(l)), second.logs.join('\n'));
      } finally {
        await second.dispose();
      }
    } finally {
      fs.rmSync(path.dirname(root), { recursive: true, force: true });
      fs.rmSync(cacheDir, { recursive: true, force: true });
    }
  });
});
