/**
 * The first full publish after the index is ready takes a while on a large
 * workspace (it is paced so that a client is never flooded). The files open
 * in an editor go first, and requests are answered while it runs (issue
 * #19). The workspace is generated: 1,500 files, each with a diagnostic, so
 * that the publish lasts long enough (about 300 ms at the server's pace)
 * for a hover to land inside it, yet the test takes a few seconds.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspTestClient } from './lspClient';
import type { WorkspaceFolderCopy } from './fixtures';

const PROGRESS = 'window/workDoneProgress/create';
const FILES = 1500;
/** Sorts last of the sources: without the open-files-first order, it would be published last. */
const OPEN = 'src/zz-last.ts';

function makeWorkspace(): WorkspaceFolderCopy {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'reqtrace-publish-order-')));
  fs.mkdirSync(path.join(root, 'specs'));
  fs.mkdirSync(path.join(root, 'src'));
  fs.writeFileSync(path.join(root, 'specs/req.md'), '# Spec\n\n## AUTH-1: Login\n\nStatus: approved\n');
  // Every file names an unknown requirement: each one's diagnostics are pushed.
  for (let i = 0; i < FILES; i++) fs.writeFileSync(path.join(root, `src/f${String(i).padStart(4, '0')}.ts`), `// @impl AUTH-1\n// @impl NOPE-${i}\n`);
  fs.writeFileSync(path.join(root, OPEN), '// @impl AUTH-1\n// @impl NOPE-0\n');
  return { name: 'generated', root, uri: pathToFileURL(root).toString() };
}

describe('LSP: the first publish (open files first, requests answered meanwhile)', function () {
  this.timeout(60_000);
  let client: LspTestClient;
  let folder: WorkspaceFolderCopy;

  before(async () => {
    folder = makeWorkspace();
    client = await LspTestClient.start({ fixtures: [], folders: [folder], noWait: true, hold: [PROGRESS] });
  });
  after(async () => {
    await client?.dispose();
    fs.rmSync(folder.root, { recursive: true, force: true });
  });

  it('publishes the open file before the others, and answers a hover before the publish ends', async () => {
    // Opened before the index can run (its progress request is held): the full publish is its first.
    await client.waitForServerRequest(PROGRESS, 0);
    const openUri = await client.open(OPEN);
    client.release(PROGRESS);
    await client.waitForProgressEnd(0, 30_000);
    // Right after the index is ready, while the diagnostics go out.
    const hover = await client.request<{ contents: unknown } | null>('textDocument/hover', {
      textDocument: { uri: client.uri('src/f0000.ts') },
      position: { line: 0, character: 10 },
    });
    const publishedAtHover = client.publishHistory.length;
    await client.waitForIndexed(30_000);
    assert.ok(hover, 'no hover on AUTH-1');
    const total = client.publishHistory.length;
    assert.ok(total >= FILES + 1, `${total} files published, expected every one of ${FILES + 1}`);
    assert.ok(publishedAtHover < total, `the hover was answered only after all ${total} publishes`);
    const sources = client.publishHistory.filter((p) => p.uri.includes('/src/'));
    assert.equal(sources[0].uri, openUri, `first published: ${sources[0].uri}`);
  });
});
