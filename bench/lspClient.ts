/**
 * The benches' language-server client: the built server over stdio, started
 * and initialized as the VS Code extension does it. One place, so that every
 * bench session asks for what the extension asks for (a session that did not
 * ask for reqtrace/indexChanged waited for it forever and hung CI).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter, type ProtocolConnection } from 'vscode-languageserver-protocol/node';

const ROOT = path.resolve(__dirname, '..');

/**
 * The server bundle to start: the built one, or REQTRACE_BENCH_SERVER (a copy of another build's server.js), so that
 * two builds can be measured in turns on the same loaded machine.
 */
const SERVER_JS = process.env.REQTRACE_BENCH_SERVER ?? path.join(ROOT, 'server/dist/server.js');

/** The built language server over stdio, answering the server's requests to its client as an editor would. */
export function startServer(): { proc: ChildProcess; conn: ProtocolConnection } {
  const proc = spawn(process.execPath, [SERVER_JS, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  // Late server requests may be answered after the server exited: not an error here.
  proc.stdin!.on('error', () => undefined);
  const conn = createProtocolConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
  conn.onError(() => undefined);
  conn.onRequest('window/workDoneProgress/create', () => null);
  conn.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => ({})));
  conn.onRequest('client/registerCapability', () => null);
  return { proc, conn };
}

/** Initializes the server on the corpus `dir` as the extension does, with `cacheDir` as its cache folder. */
export async function initialize(conn: ProtocolConnection, dir: string, cacheDir: string): Promise<void> {
  const folderUri = pathToFileURL(dir).toString();
  await conn.sendRequest('initialize', {
    processId: process.pid,
    rootUri: folderUri,
    workspaceFolders: [{ uri: folderUri, name: 'bench' }],
    // The extension's client registers the server's file watchers; without dynamicRegistration the server would
    // watch the corpus itself (chokidar), and the simulated checkout's wait for the settled summary timed out.
    capabilities: { window: { workDoneProgress: true }, workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true } } },
    // As the extension asks: without indexChangedNotification the server sends no
    // reqtrace/indexChanged, and the benches' waits for it would never end.
    initializationOptions: { cacheDir, indexChangedNotification: true, trusted: true },
  });
  conn.sendNotification('initialized', {});
}
