/**
 * The browser server's host (server/src/browser/clientHost.ts) reads a folder through the
 * client's two requests. Against the demo fixture, an engine on it finds what an engine on a
 * MemoryHost finds; the folder is listed once per walk, each file is stat'ed and read in one
 * round trip, and reads are gathered into batches of at most READ_BATCH files.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ClientHost, type FileRequests } from '../../server/src/browser/clientHost';
import { READ_BATCH, type ReadFileResult } from '../../server/src/browser/fileRequests';
import { createEngine } from '../../server/src/core/engine/createEngine';
import { MemoryHost, silentLogger } from '../../server/src/core/workspace/host';
import { diagKeys } from './engineHelpers';

const FOLDER = 'vscode-remote://host/work/demo';

function filesOf(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fs.readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    const abs = path.join(dir, f);
    if (fs.statSync(abs).isFile()) out[f.split(path.sep).join('/')] = fs.readFileSync(abs, 'utf8');
  }
  return out;
}

/** The client's answers, from a map of files; counts the requests and the URIs read. */
function fakeClient(files: Record<string, string>) {
  const calls = { lists: 0, batches: [] as number[], read: [] as string[] };
  const requests: FileRequests = {
    async listFiles(folderUri) {
      assert.equal(folderUri, FOLDER);
      calls.lists++;
      return Object.keys(files);
    },
    async readFiles(uris, contentUpTo) {
      calls.batches.push(uris.length);
      return uris.map((uri): ReadFileResult | null => {
        assert.ok(uri.startsWith(FOLDER + '/'), uri);
        const rel = uri.slice(FOLDER.length + 1).split('/').map(decodeURIComponent).join('/');
        calls.read.push(rel);
        const text = files[rel];
        if (text === undefined) return null;
        const bytes = new TextEncoder().encode(text);
        return { size: bytes.length, mtimeMs: 1, bytes: bytes.length <= contentUpTo ? bytes : undefined };
      });
    },
  };
  return { requests, calls };
}

describe('ClientHost (the browser server reads files through the client)', () => {
  it('indexes the demo fixture as a MemoryHost does, listing once and reading each file once', async () => {
    const files = filesOf(path.resolve(__dirname, '../../test-fixtures/demo'));
    const { requests, calls } = fakeClient(files);
    const host = new ClientHost(requests, FOLDER, silentLogger);
    const inBrowser = await createEngine({ host });
    const onDisk = await createEngine({ host: new MemoryHost(files) });
    assert.ok(diagKeys(onDisk).length > 0);
    assert.deepEqual(diagKeys(inBrowser), diagKeys(onDisk));
    assert.deepEqual([...inBrowser.index.files()].sort(), [...onDisk.index.files()].sort());
    assert.equal(calls.lists, 1);
    assert.equal(new Set(calls.read).size, calls.read.length, `a file was read twice: ${calls.read.join(', ')}`);
  });

  it('gathers the reads of a large folder into batches of at most READ_BATCH files', async () => {
    const files: Record<string, string> = { 'docs/spec.md': '## REQ-001: One\n' };
    for (let i = 0; i < 500; i++) files[`src/m${i % 7}/f${i}.ts`] = `// @impl REQ-001\nexport const x${i} = ${i};\n`;
    const { requests, calls } = fakeClient(files);
    const engine = await createEngine({ host: new ClientHost(requests, FOLDER, silentLogger) });
    assert.equal(engine.index.fileCount, 501);
    assert.ok(Math.max(...calls.batches) <= READ_BATCH, `batches: ${calls.batches.join(',')}`);
    // The engine reads 32 files at a time: far fewer requests than files.
    assert.ok(calls.batches.length <= 501 / 16, `${calls.batches.length} requests for 501 files`);
  });

  it('lists directories from the one listing, and again after resetWalk', async () => {
    const { requests, calls } = fakeClient({ 'a/b/c.md': 'x', 'a/d.ts': 'y', 'e.txt': 'z' });
    const host = new ClientHost(requests, FOLDER, silentLogger);
    assert.deepEqual(await host.readDirectory(''), [{ name: 'a', type: 'directory' }, { name: 'e.txt', type: 'file' }]);
    assert.deepEqual(await host.readDirectory('a'), [{ name: 'b', type: 'directory' }, { name: 'd.ts', type: 'file' }]);
    assert.deepEqual(await host.readDirectory('a/b'), [{ name: 'c.md', type: 'file' }]);
    assert.equal(calls.lists, 1);
    host.resetWalk();
    await host.readDirectory('');
    assert.equal(calls.lists, 2);
    assert.equal(await host.stat('gone.md'), undefined);
  });
});
