/**
 * The server serves clients other than the VS Code extension (issue #16):
 * one without `workspace/configuration` gives its settings in
 * `initializationOptions.reqtrace` and may push new ones with
 * didChangeConfiguration; the custom `reqtrace/indexChanged` goes only to a
 * client that asked for it; refresh requests only to a client that supports
 * them.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ClientCapabilities, CodeLens, InlayHint } from 'vscode-languageserver-protocol/node';
import { expectedOf, range } from './fixtures';
import { LspTestClient } from './lspClient';

const SPEC = 'docs/requirements.md';
const SOURCE = 'src/auth/login.ts';

/** A client that cannot answer workspace/configuration (Neovim 0.7). */
const noConfiguration = (caps: ClientCapabilities): ClientCapabilities => ({
  ...caps,
  workspace: { ...caps.workspace, configuration: false, didChangeConfiguration: { dynamicRegistration: false } },
});

async function lensesAndHints(client: LspTestClient): Promise<{ lenses: number; hints: number }> {
  const spec = await client.open(SPEC);
  const source = await client.open(SOURCE);
  const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: spec } });
  const hints = await client.request<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri: source }, range: range(0, 0, 1000, 0) });
  return { lenses: lenses.length, hints: hints.length };
}

describe('LSP: settings from initializationOptions, for a client without workspace/configuration', () => {
  const clients: LspTestClient[] = [];
  const start = async (options: Parameters<typeof LspTestClient.start>[0]) => {
    const client = await LspTestClient.start(options);
    clients.push(client);
    return client;
  };
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.dispose()));
  });

  it('takes inlayHints and codeLens from initializationOptions.reqtrace, and never asks for settings', async () => {
    const plain = await start({ fixtures: ['demo'], capabilities: noConfiguration });
    const defaults = await lensesAndHints(plain);
    assert.ok(defaults.lenses > 0 && defaults.hints > 0, JSON.stringify(defaults));

    const off = await start({ fixtures: ['demo'], capabilities: noConfiguration, initializationOptions: { reqtrace: { inlayHints: false, codeLens: false } } });
    assert.deepEqual(await lensesAndHints(off), { lenses: 0, hints: 0 });
    assert.equal(off.countServerRequests('workspace/configuration'), 0);
  });

  it('stays off with enable: false, and starts when a pushed didChangeConfiguration turns it on', async () => {
    const client = await start({ fixtures: ['demo'], capabilities: noConfiguration, initializationOptions: { reqtrace: { enable: false } }, noWait: true });
    await client.indexChangedSince(0);
    await client.open(SOURCE);
    await client.roundTrip();
    assert.deepEqual(client.publishHistory, []);

    // Neovim pushes its whole `settings` table, which may hold other servers' sections and no reqtrace one.
    await client.notification('workspace/didChangeConfiguration', { settings: { other: { x: 1 } } });
    await client.roundTrip();
    assert.deepEqual(client.publishHistory, []);

    const progressEnds = client.progressEnds;
    await client.notification('workspace/didChangeConfiguration', { settings: { reqtrace: { enable: true } } });
    await client.waitForProgressEnd(progressEnds);
    await client.waitForIndexed();
    assert.deepEqual(client.diagnosticLines(), expectedOf('demo').diagnostics);
  });

  it('leaves out unknown settings and wrong types, with a warning, and keeps the rest', async () => {
    const client = await start({
      fixtures: ['demo'],
      capabilities: noConfiguration,
      initializationOptions: { reqtrace: { codeLens: 'no', codelens: false, inlayHints: false } },
    });
    const got = await lensesAndHints(client);
    assert.equal(got.hints, 0);
    assert.ok(got.lenses > 0, 'codeLens: "no" turned the lenses off');
    await client.waitForLog(/ignored initializationOptions\.reqtrace\.codeLens: expected a boolean, got "no"/);
    await client.waitForLog(/ignored initializationOptions\.reqtrace\.codelens: no such setting/);
  });

  it('keeps no index cache in a cacheDir that is not an absolute path, and says so', async () => {
    const client = await start({ fixtures: ['demo'], capabilities: noConfiguration, initializationOptions: { cacheDir: 'cache/reqtrace' } });
    await client.waitForLog(/ignored initializationOptions\.cacheDir "cache\/reqtrace": not an absolute path/);
    await client.dispose(); // a cache is written at the latest on shutdown
    assert.ok(!fs.existsSync(path.join(client.folders[0].root, 'cache')), 'a cache folder was made inside the workspace');
    assert.ok(!fs.existsSync(path.resolve('cache/reqtrace')), 'a cache folder was made in the current folder');
  });

  it('asks a client that answers workspace/configuration, whatever initializationOptions say', async () => {
    const client = await start({ fixtures: ['demo'], initializationOptions: { reqtrace: { codeLens: false } } });
    assert.ok((await lensesAndHints(client)).lenses > 0);
    assert.ok(client.countServerRequests('workspace/configuration') > 0);
  });
});

describe('LSP: what the server sends a client that asked for nothing of its own', () => {
  let client: LspTestClient;

  before(async () => {
    client = await LspTestClient.start({
      fixtures: ['demo'],
      initializationOptions: { indexChangedNotification: false },
      capabilities: (caps) => ({ ...caps, workspace: { ...caps.workspace, inlayHint: {}, codeLens: {}, semanticTokens: {} } }),
      noWait: true,
    });
    await client.waitForProgressEnd(0);
  });
  after(async () => {
    await client?.dispose();
  });

  it('sends no reqtrace/indexChanged', async () => {
    // The notification is debounced by 200 ms: a client that asked for it has it well within a second.
    await assert.rejects(client.indexChangedSince(0, () => true, 1000), /timed out/);
    assert.deepEqual(client.indexChanges, []);
  });

  it('sends no inlay hint, code lens or semantic tokens refresh to a client that does not support them', async () => {
    const pulls = client.countServerRequests('workspace/configuration');
    await client.changeSettings('reqtrace', { enable: true, inlayHints: false, codeLens: false });
    await client.waitForServerRequest('workspace/configuration', pulls);
    // Two round trips: the settings answer has reached the server, and whatever it sent after has arrived.
    await client.roundTrip();
    await client.roundTrip();
    assert.deepEqual(
      client.serverRequests.filter((m) => m.endsWith('/refresh')),
      [],
    );
  });
});
