/**
 * Files changed on disk — a git pull, a generated file, a test written from a
 * terminal — are seen with any client (issue #16). A client that can register
 * file watchers is asked to watch every file and send didChangeWatchedFiles;
 * one that cannot (Neovim 0.7) gets the server's own watching, which watches
 * only what the index reads. Files are written here without telling the
 * server: only a watcher can see them.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import type { DidChangeWatchedFilesRegistrationOptions, RegistrationParams } from 'vscode-languageserver-protocol/node';
import { LspTestClient } from './lspClient';

const SPEC = 'docs/requirements.md';
const NEW_TEST = 'tests/session.test.ts';

const isAuth002Uncovered = (diags: Array<{ code?: string | number; message: string }>) =>
  diags.some((d) => d.code === 'uncovered-requirement' && d.message.includes('AUTH-002'));

describe('LSP: file watching, when the client registers watchers', () => {
  let client: LspTestClient;

  before(async () => {
    client = await LspTestClient.start({ fixtures: ['demo'] });
  });
  after(async () => {
    await client?.dispose();
  });

  it('asks the client to watch every file of the workspace', async () => {
    await client.waitForServerRequest('client/registerCapability', 0);
    const registrations = client.serverRequestLog
      .filter((r) => r.method === 'client/registerCapability')
      .flatMap((r) => (r.params as RegistrationParams).registrations)
      .filter((r) => r.method === 'workspace/didChangeWatchedFiles');
    assert.equal(registrations.length, 1, JSON.stringify(client.serverRequestLog));
    assert.deepEqual((registrations[0].registerOptions as DidChangeWatchedFilesRegistrationOptions).watchers, [{ globPattern: '**/*' }]);
  });

  it('drops events of ignored files on arrival: a build writing many starts no batch', async () => {
    const progressEnds = client.progressEnds;
    await client.writeFile('.gitignore', 'build/\n');
    await client.waitForProgressEnd(progressEnds); // the re-index the new rules ask for
    await client.waitForIndexed();
    const progresses = client.countServerRequests('window/workDoneProgress/create');
    const events = [];
    for (let i = 0; i < 150; i++) {
      fs.mkdirSync(client.abs('build'), { recursive: true });
      fs.writeFileSync(client.abs(`build/gen${i}.ts`), '// @test AUTH-002\n');
      events.push({ uri: client.uri(`build/gen${i}.ts`), type: 1 as const });
    }
    fs.writeFileSync(client.abs(NEW_TEST), '// @test AUTH-002\n');
    await client.watchedFiles([...events, { uri: client.uri(NEW_TEST), type: 1 }]);
    await client.waitForDiagnostics(client.uri(SPEC), (d) => !isAuth002Uncovered(d));
    assert.equal(client.countServerRequests('window/workDoneProgress/create'), progresses, 'a progress for a batch of ignored files');
    await client.deleteFile(NEW_TEST);
    await client.waitForDiagnostics(client.uri(SPEC), isAuth002Uncovered);
  });

  it('takes the files of a folder deleted in one event with it', async () => {
    const spec = client.uri(SPEC);
    const auth001Untested = (d: Array<{ code?: string | number; message: string }>) =>
      d.some((x) => x.code === 'uncovered-requirement' && x.message.includes('AUTH-001'));
    assert.ok(!auth001Untested(client.diagnostics.get(spec) ?? []));
    fs.rmSync(client.abs('tests'), { recursive: true });
    await client.watchedFiles([{ uri: client.uri('tests'), type: 3 }]);
    await client.waitForDiagnostics(spec, auth001Untested);
  });

});
