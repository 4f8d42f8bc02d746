/**
 * A request made while the first full publish runs is answered before that
 * publish ends, even when the client reads slowly (issue #19). The server's
 * connection writes one message at a time; a publish that queued its
 * diagnostics faster than they were written put every one of them ahead of
 * the answer. The client here stops reading for a while right after the
 * index is ready, as a busy editor does, so the pipe fills and the writes wait.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { WorkspaceFolderCopy } from './fixtures';
import { LspTestClient } from './lspClient';

const FILES = 2000;
/**
 * How long the client does not read. Not a wait for the server: it is the slow client being
 * simulated. Long enough for the server, unchecked, to queue its whole publish meanwhile.
 */
const NOT_READING_MS = 2000;

function makeWorkspace(): WorkspaceFolderCopy {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'reqtrace-publish-yield-')));
  fs.mkdirSync(path.join(root, 'specs'));
  fs.mkdirSync(path.join(root, 'src'));
  fs.writeFileSync(path.join(root, 'specs/req.md'), '# Spec\n\n## AUTH-1: Login\n\nStatus: approved\n');
  // Every file names an unknown requirement: each one's diagnostics are pushed.
  for (let i = 0; i < FILES; i++) fs.writeFileSync(path.join(root, `src/f${String(i).padStart(4, '0')}.ts`), `// @impl AUTH-1\n// @impl NOPE-${i}\n`);
  return { name: 'generated', root, uri: pathToFileURL(root).toString() };
}

describe('LSP: requests during the first publish, with a client that reads slowly', function () {
  this.timeout(60_000);
  let client: LspTestClient;
  let folder: WorkspaceFolderCopy;

  before(async () => {
    folder = makeWorkspace();
    client = await LspTestClient.start({ fixtures: [], folders: [folder], noWait: true });
  });
  after(async () => {
    client?.resumeReading();
    await client?.dispose();
    fs.rmSync(folder.root, { recursive: true, force: true });
  });

  it('answers a hover before the last diagnostics of the first publish', async () => {
    await client.waitForProgressEnd(0, 30_000);
    client.pauseReading();
    const answered = client
      .request<{ contents: unknown } | null>('textDocument/hover', { textDocument: { uri: client.uri('src/f0000.ts') }, position: { line: 0, character: 10 } })
      .then((hover) => ({ hover, publishedBefore: client.publishHistory.length }));
    await new Promise((resolve) => setTimeout(resolve, NOT_READING_MS));
    client.resumeReading();
    const { hover, publishedBefore } = await answered;
    // The summary that ends the first publish (it may have come already).
    await client.indexChangedSince(0, (s) => !s.indexing, 30_000);
    const total = client.publishHistory.length;
    assert.ok(hover, 'no hover on AUTH-1');
    assert.ok(total >= FILES, `${total} files published, expected every one of ${FILES}`);
    assert.ok(publishedBefore < total, `the hover was answered only after all ${total} publishes`);
  });
});
