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
import { inotifyWatchedInodes } from './inotify';
import { LspTestClient } from './lspClient';

const SPEC = 'docs/requirements.md';
const NEW_TEST = 'tests/session.test.ts';
const OWN_WATCHING = /^watching (\d+) files and folders of .* for changes on disk/;

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

  it('does not watch files itself', async function () {
    await client.roundTrip();
    assert.ok(!client.logs.some((l) => OWN_WATCHING.test(l.replace('[window/logMessage] ', ''))), client.logs.join('\n'));
    const watched = inotifyWatchedInodes(client.pid);
    if (watched === undefined) this.skip();
    assert.deepEqual(watched, []);
  });
});

describe('LSP: file watching, when the client cannot register watchers', () => {
  let client: LspTestClient;
  const inode = (rel: string) => fs.statSync(client.abs(rel)).ino;

  before(async () => {
    client = await LspTestClient.start({
      fixtures: ['demo'],
      capabilities: (caps) => ({ ...caps, workspace: { ...caps.workspace, didChangeWatchedFiles: { dynamicRegistration: false } } }),
      noWait: true,
    });
    // What the index must not read, so the watcher must not watch: a gitignored build folder,
    // node_modules, and a file of no language the index reads.
    for (const dir of ['build', 'node_modules/lib']) {
      fs.mkdirSync(client.abs(dir), { recursive: true });
      for (let i = 0; i < 20; i++) fs.writeFileSync(client.abs(`${dir}/gen${i}.ts`), '// @impl AUTH-002\n');
    }
    fs.writeFileSync(client.abs('.gitignore'), 'build/\n');
    fs.writeFileSync(client.abs('notes.bin'), 'AUTH-002\n');
    await client.waitForIndexed();
    await client.waitForLog(OWN_WATCHING);
  });
  after(async () => {
    await client?.dispose();
  });

  it('asks the client to watch nothing', () => {
    const watchers = client.serverRequestLog
      .filter((r) => r.method === 'client/registerCapability')
      .flatMap((r) => (r.params as RegistrationParams).registrations)
      .filter((r) => r.method === 'workspace/didChangeWatchedFiles');
    assert.deepEqual(watchers, []);
  });

  it('sees a test file written to disk, and its removal', async () => {
    const spec = client.uri(SPEC);
    await client.waitForDiagnostics(spec, isAuth002Uncovered);
    fs.writeFileSync(client.abs(NEW_TEST), "// @test AUTH-002\nimport { strict } from 'node:assert';\n");
    await client.waitForDiagnostics(spec, (d) => !isAuth002Uncovered(d));
    fs.rmSync(client.abs(NEW_TEST));
    await client.waitForDiagnostics(spec, isAuth002Uncovered);
  });

  it('sees a file in a new folder', async () => {
    const spec = client.uri(SPEC);
    fs.mkdirSync(client.abs('tests/session'), { recursive: true });
    fs.writeFileSync(client.abs('tests/session/expiry.test.ts'), '// @test AUTH-002\n');
    await client.waitForDiagnostics(spec, (d) => !isAuth002Uncovered(d));
    fs.rmSync(client.abs('tests/session'), { recursive: true });
    await client.waitForDiagnostics(spec, isAuth002Uncovered);
  });

  it('watches the folders and files the index reads, and nothing it ignores', async function () {
    const watched = inotifyWatchedInodes(client.pid);
    if (watched === undefined) this.skip();
    const logged = Number(OWN_WATCHING.exec(await client.waitForLog(OWN_WATCHING))![1]);
    const set = new Set(watched);
    for (const rel of ['.', 'src/auth', SPEC, 'src/auth/login.ts', 'reqtrace.yaml', '.gitignore']) {
      assert.ok(set.has(inode(rel)), `${rel} is not watched`);
    }
    const ignored = ['build', 'build/gen0.ts', 'node_modules', 'node_modules/lib/gen0.ts', 'notes.bin', 'expected.json'];
    assert.deepEqual(ignored.filter((rel) => set.has(inode(rel))), [], 'ignored paths are watched');
    // One handle per watched path, as the server counts them against its budget (the new folder of the last test is gone).
    assert.equal(watched.length, logged);
    assert.equal(new Set(watched).size, watched.length);
  });

  it('watches again, as the new rules say, after a .gitignore changes', async () => {
    const since = client.logs.length;
    fs.writeFileSync(client.abs('.gitignore'), 'build/\nweb/\n');
    await client.waitForLog(OWN_WATCHING, since);
    const watched = inotifyWatchedInodes(client.pid);
    if (watched === undefined) return;
    assert.ok(!watched.includes(inode('web')), 'web/ is ignored now, and still watched');
    assert.ok(!watched.includes(inode('web/index.html')), 'web/index.html is ignored now, and still watched');
    assert.ok(watched.includes(inode('src')), 'src/ is no longer watched');
  });
});
