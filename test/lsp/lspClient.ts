/**
 * A small LSP test client in the style of Volar's test-utils: it copies a
 * fixture workspace to a temp folder (so edits and renames on disk never touch
 * the repository), forks the built server with `--stdio`, and talks to it with
 * vscode-languageserver-protocol's connection. Server-to-client requests are
 * answered like an editor would (settings from a map), pushed diagnostics and
 * `reqtrace/indexChanged` are collected, and every wait has a timeout whose
 * error carries the server's recent log, never a sleep.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidChangeWatchedFilesNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  WorkDoneProgress,
  type CancellationToken,
  type ClientCapabilities,
  type ConfigurationParams,
  type Diagnostic,
  type FileChangeType,
  type InitializeResult,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type Range,
  type WorkDoneProgressBegin,
  type WorkDoneProgressEnd,
  type WorkDoneProgressReport,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CoverageSummary } from '../../server/src/protocol';
import { compareDiagnosticLines, copyFixture, describeDiagnostics, formatDiagnostic, rangeIn, type WorkspaceFolderCopy } from './fixtures';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const SERVER_JS = path.join(REPO_ROOT, 'server', 'dist', 'server.js');

/** Default time a wait may take before it fails; the server answers in milliseconds. */
export const WAIT_MS = 5000;

const LOG_TAIL = 40;

export interface StartOptions {
  /** Fixture folder names under test-fixtures/ (one per workspace folder). */
  fixtures: string[];
  /** Answers to `workspace/configuration`, by section. */
  settings?: Record<string, unknown>;
  /** `initializationOptions` of the initialize request. */
  initializationOptions?: Record<string, unknown>;
  /** Folders the caller copied and keeps (not removed on dispose), instead of `fixtures`. */
  folders?: WorkspaceFolderCopy[];
  /** Return once the server answered initialize, without waiting for the initial index. */
  noWait?: boolean;
  /** Changes the client's capabilities, as another editor would announce them (return a changed copy). */
  capabilities?: (caps: ClientCapabilities) => ClientCapabilities;
  /** Server requests of these methods are left unanswered until `release(method)`. */
  hold?: string[];
  /** The server to start, talking LSP over its stdio (default: node {@link SERVER_JS} --stdio). */
  server?: { command: string; args: string[] };
  /** Environment of the server process (default: this process's). */
  env?: NodeJS.ProcessEnv;
}

interface Waiter {
  check: () => boolean;
  resolve: () => void;
  reject: (e: Error) => void;
}

const CLIENT_CAPABILITIES: ClientCapabilities = {
  workspace: {
    applyEdit: true,
    workspaceEdit: { documentChanges: false },
    configuration: true,
    workspaceFolders: true,
    didChangeConfiguration: { dynamicRegistration: true },
    didChangeWatchedFiles: { dynamicRegistration: true, relativePatternSupport: true },
    symbol: { dynamicRegistration: false },
    codeLens: { refreshSupport: true },
    inlayHint: { refreshSupport: true },
    semanticTokens: { refreshSupport: true },
  },
  window: { workDoneProgress: true, showMessage: {}, showDocument: { support: false } },
  general: { positionEncodings: ['utf-16'] },
  textDocument: {
    synchronization: { dynamicRegistration: false, didSave: true, willSave: false },
    hover: { contentFormat: ['markdown', 'plaintext'] },
    completion: {
      contextSupport: true,
      completionItem: {
        snippetSupport: false,
        labelDetailsSupport: true,
        documentationFormat: ['markdown', 'plaintext'],
        insertReplaceSupport: false,
      },
    },
    definition: { linkSupport: false },
    references: {},
    implementation: { linkSupport: false },
    documentSymbol: { hierarchicalDocumentSymbolSupport: true },
    codeAction: {
      codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'refactor'] } },
      isPreferredSupport: true,
      dataSupport: true,
    },
    codeLens: {},
    inlayHint: {},
    rename: { prepareSupport: true },
    semanticTokens: {
      requests: { full: true },
      tokenTypes: ['requirement'],
      tokenModifiers: ['declaration', 'unknown', 'deprecated'],
      formats: ['relative'],
    },
    publishDiagnostics: { relatedInformation: true, codeDescriptionSupport: true, dataSupport: true },
  },
};

/** Requests a server may send to its client; each is recorded and answered like an editor would. */
const SERVER_REQUESTS = [
  'workspace/configuration',
  'window/workDoneProgress/create',
  'workspace/workspaceFolders',
  'client/registerCapability',
  'client/unregisterCapability',
  'workspace/inlayHint/refresh',
  'workspace/codeLens/refresh',
  'workspace/semanticTokens/refresh',
  'workspace/diagnostic/refresh',
  'workspace/applyEdit',
  'window/showMessageRequest',
];

const SERVER_NOTIFICATIONS = ['textDocument/publishDiagnostics', 'reqtrace/indexChanged', 'window/logMessage', 'window/showMessage', 'telemetry/event'];

/** A running server with one workspace copy per fixture. Always `dispose()` it. */
export class LspTestClient {
  readonly folders: WorkspaceFolderCopy[] = [];
  /** Answers to `workspace/configuration`, by section; tests may change it. */
  readonly settings: Record<string, unknown>;
  /** Per-folder overrides (by folder URI, then section), for requests with a `scopeUri`. */
  readonly folderSettings = new Map<string, Record<string, unknown>>();
  /** Latest pushed diagnostics per URI. */
  readonly diagnostics = new Map<string, Diagnostic[]>();
  /** Every publishDiagnostics, in order (to see transient states). */
  readonly publishHistory: PublishDiagnosticsParams[] = [];
  /** Every `reqtrace/indexChanged` summary, in order. */
  readonly indexChanges: CoverageSummary[] = [];
  /** Methods of the server-to-client requests, in order. */
  readonly serverRequests: string[] = [];
  /** The server-to-client requests with their parameters, in order. */
  readonly serverRequestLog: Array<{ method: string; params: unknown }> = [];
  /** Server stderr lines and window/logMessage text, for failure messages. */
  readonly logs: string[] = [];
  initializeResult!: InitializeResult;
  exitCode: number | null | undefined;

  private connection!: ProtocolConnection;
  private proc!: ChildProcess;
  private readonly waiters = new Set<Waiter>();
  private readonly documents = new Map<string, TextDocument>();
  private progressEnded = 0;
  private disposed = false;

  private initializationOptions: Record<string, unknown> = {};
  private capabilities: ClientCapabilities = CLIENT_CAPABILITIES;
  private env: NodeJS.ProcessEnv | undefined;
  private callerFolders: WorkspaceFolderCopy[] = [];
  /** Held methods, with the answers waiting for their release. */
  private readonly held = new Map<string, Array<() => void>>();
  private server = { command: process.execPath, args: [SERVER_JS, '--stdio'] };

  private constructor(settings: Record<string, unknown>) {
    this.settings = settings;
  }

  static async start(options: StartOptions): Promise<LspTestClient> {
    if (!options.server && !fs.existsSync(SERVER_JS)) {
      throw new Error(`${path.relative(REPO_ROOT, SERVER_JS)} is missing: run npm run build (or node esbuild.mjs) first`);
    }
    const client = new LspTestClient({ reqtrace: { enable: true, inlayHints: true, codeLens: true }, ...options.settings });
    // The VS Code extension handles reqtrace/indexChanged and says so; waitForIndexed waits for it.
    client.initializationOptions = { indexChangedNotification: true, ...options.initializationOptions };
    if (options.capabilities) client.capabilities = options.capabilities(structuredClone(CLIENT_CAPABILITIES));
    for (const method of options.hold ?? []) client.held.set(method, []);
    client.env = options.env;
    for (const name of options.fixtures) client.folders.push(copyFixture(name));
    client.callerFolders = options.folders ?? [];
    if (options.server) client.server = options.server;
    client.folders.push(...client.callerFolders);
    client.spawn();
    try {
      await client.initialize();
      if (!options.noWait) await client.waitForIndexed();
    } catch (e) {
      await client.dispose();
      throw e;
    }
    return client;
  }

  private spawn(): void {
    this.proc = spawn(this.server.command, this.server.args, { stdio: ['pipe', 'pipe', 'pipe'], env: this.env });
    this.proc.stderr!.setEncoding('utf8');
    this.proc.stderr!.on('data', (chunk: string) => {
      for (const line of chunk.split(/\r?\n/)) if (line) this.log(`[stderr] ${line}`);
    });
    this.proc.on('exit', (code, signal) => {
      this.exitCode = code;
      if (this.disposed) return;
      this.log(`[exit] server exited with code ${code} signal ${signal}`);
      // Nothing will arrive any more: fail every wait now rather than at its timeout.
      for (const w of this.waiters) w.reject(this.failure('the server exited while a test was waiting'));
      this.waiters.clear();
    });
    this.connection = createProtocolConnection(new StreamMessageReader(this.proc.stdout!), new StreamMessageWriter(this.proc.stdin!));
    for (const method of SERVER_REQUESTS) this.connection.onRequest(method, (params: unknown) => this.answerServerRequest(method, params));
    for (const method of SERVER_NOTIFICATIONS) this.connection.onNotification(method, (params: unknown) => this.onServerNotification(method, params));
    this.connection.onError(([error]) => this.log(`[connection] ${error.message}`));
    this.connection.listen();
  }

  private answerServerRequest(method: string, params: unknown): unknown {
    this.serverRequests.push(method);
    this.serverRequestLog.push({ method, params });
    this.notify();
    const waiting = this.held.get(method);
    if (waiting) return new Promise((resolve) => waiting.push(() => resolve(this.answer(method, params))));
    return this.answer(method, params);
  }

  /**
   * Stops reading the server's output, as a client busy elsewhere would: once the pipe is full, the
   * server's writes wait. `resumeReading` reads on.
   */
  pauseReading(): void {
    this.proc.stdout!.pause();
  }

  resumeReading(): void {
    this.proc.stdout!.resume();
  }

  /** Answers the held requests of `method` and every later one at once. */
  release(method: string): void {
    const waiting = this.held.get(method) ?? [];
    this.held.delete(method);
    for (const answer of waiting) answer();
  }

  private answer(method: string, params: unknown): unknown {
    switch (method) {
      case 'workspace/configuration':
        return (params as ConfigurationParams).items.map((item) => (item.section ? this.settingFor(item.section, item.scopeUri) : null));
      case 'window/workDoneProgress/create': {
        const token = (params as { token: string | number }).token;
        this.connection.onProgress(WorkDoneProgress.type, token, (value) => this.onProgress(value));
        return null;
      }
      case 'workspace/workspaceFolders':
        return this.folders.map((f) => ({ uri: f.uri, name: f.name }));
      case 'workspace/applyEdit':
        return { applied: false, failureReason: 'the test client does not apply edits' };
      // client/(un)registerCapability, workspace/*/refresh, showMessageRequest: acknowledged.
      default:
        return null;
    }
  }

  /** A folder's override when the scope is (inside) a folder that has one, else the workspace value. */
  private settingFor(section: string, scopeUri: string | undefined): unknown {
    if (scopeUri) {
      const folder = this.folders.find((f) => scopeUri === f.uri || scopeUri.startsWith(f.uri + '/'));
      const override = folder && this.folderSettings.get(folder.uri)?.[section];
      if (override !== undefined) return override;
    }
    return this.settings[section] ?? null;
  }

  private onServerNotification(method: string, params: unknown): void {
    if (method === 'textDocument/publishDiagnostics') {
      const p = params as PublishDiagnosticsParams;
      this.diagnostics.set(p.uri, p.diagnostics);
      this.publishHistory.push(p);
    } else if (method === 'reqtrace/indexChanged') {
      this.indexChanges.push(params as CoverageSummary);
    } else if (method === 'window/logMessage' || method === 'window/showMessage') {
      this.log(`[${method}] ${(params as { message: string }).message}`);
    }
    this.notify();
  }

  private onProgress(value: WorkDoneProgressBegin | WorkDoneProgressReport | WorkDoneProgressEnd): void {
    if (value.kind === 'end') this.progressEnded++;
    this.notify();
  }

  private log(line: string): void {
    this.logs.push(line);
  }

  private async initialize(): Promise<void> {
    this.initializeResult = await this.timed(
      this.connection.sendRequest(InitializeRequest.type, {
        processId: process.pid,
        clientInfo: { name: 'reqtrace-lsp-tests' },
        rootUri: this.folders[0]?.uri ?? null,
        workspaceFolders: this.folders.map((f) => ({ uri: f.uri, name: f.name })),
        capabilities: this.capabilities,
        initializationOptions: this.initializationOptions,
      }),
      'initialize',
    );
    await this.connection.sendNotification(InitializedNotification.type, {});
  }

  /**
   * Resolves once every folder's initial index finished and the diagnostics
   * that follow were pushed: each folder ends its work-done progress, and the
   * (debounced) `reqtrace/indexChanged` comes after the last folder's diagnostics.
   */
  async waitForIndexed(timeoutMs = WAIT_MS): Promise<CoverageSummary> {
    await this.waitFor(() => this.progressEnded >= this.folders.length, 'the work-done progress of the initial index to end', timeoutMs);
    const seen = this.indexChanges.length;
    await this.waitFor(() => this.indexChanges.length > seen && !this.indexChanges[this.indexChanges.length - 1].indexing, 'reqtrace/indexChanged after indexing', timeoutMs);
    return this.indexChanges[this.indexChanges.length - 1];
  }

  /**
   * Resolves with the first `reqtrace/indexChanged` summary matching
   * `predicate` among those received after the first `since` ones (take
   * `since` from `indexChanges.length` before the action that causes it).
   */
  async indexChangedSince(since: number, predicate: (s: CoverageSummary) => boolean = () => true, timeoutMs = WAIT_MS): Promise<CoverageSummary> {
    let found: CoverageSummary | undefined;
    await this.waitFor(() => {
      found = this.indexChanges.slice(since).find(predicate);
      return found !== undefined;
    }, 'a matching reqtrace/indexChanged', timeoutMs);
    return found!;
  }

  /** How many work-done progresses the server ended so far. */
  get progressEnds(): number {
    return this.progressEnded;
  }

  /** Resolves once the server ended more than `after` work-done progresses in total (take `after` from `progressEnds`). */
  async waitForProgressEnd(after: number, timeoutMs = WAIT_MS): Promise<void> {
    await this.waitFor(() => this.progressEnded > after, 'a work-done progress to end', timeoutMs);
  }

  /** Resolves when the server sent a request `method` more than `after` times in total. */
  async waitForServerRequest(method: string, after: number, timeoutMs = WAIT_MS): Promise<void> {
    await this.waitFor(() => this.serverRequests.filter((m) => m === method).length > after, `the server to send ${method}`, timeoutMs);
  }

  /**
   * Resolves with the first server log line (window/logMessage) matching `pattern` among those
   * after the first `since` lines of `logs` (take it from `logs.length` before the action).
   */
  async waitForLog(pattern: RegExp, since = 0, timeoutMs = WAIT_MS): Promise<string> {
    const prefix = '[window/logMessage] ';
    const find = () => this.logs.slice(since).find((l) => l.startsWith(prefix) && pattern.test(l.slice(prefix.length)));
    await this.waitFor(() => find() !== undefined, `a server log line matching ${pattern}`, timeoutMs);
    return find()!.slice(prefix.length);
  }

  /** The server's process id. */
  get pid(): number {
    return this.proc.pid!;
  }

  countServerRequests(method: string): number {
    return this.serverRequests.filter((m) => m === method).length;
  }

  /**
   * Resolves with the latest diagnostics of `uri` once they satisfy
   * `predicate` (checked now and at every push). No push yet counts as [].
   */
  async waitForDiagnostics(uri: string, predicate: (diags: Diagnostic[]) => boolean, timeoutMs = WAIT_MS): Promise<Diagnostic[]> {
    const current = () => this.diagnostics.get(uri) ?? [];
    await this.waitFor(() => predicate(current()), `diagnostics of ${uri} to match`, timeoutMs, () => describeDiagnostics(current()));
    return current();
  }

  private waitFor(check: () => boolean, what: string, timeoutMs: number, detail?: () => string): Promise<void> {
    if (check()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        check,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(this.failure(`timed out after ${timeoutMs} ms waiting for ${what}${detail ? `\nlatest: ${detail()}` : ''}`));
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  private notify(): void {
    for (const w of [...this.waiters]) {
      if (w.check()) {
        this.waiters.delete(w);
        w.resolve();
      }
    }
  }

  private failure(message: string): Error {
    const exited = this.exitCode !== undefined ? `\nserver exited with code ${this.exitCode}` : '';
    return new Error(`${message}${exited}\n--- server log (last ${LOG_TAIL} lines) ---\n${this.logs.slice(-LOG_TAIL).join('\n')}`);
  }

  private timed<T>(promise: Promise<T>, what: string, timeoutMs = WAIT_MS): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(this.failure(`timed out after ${timeoutMs} ms waiting for the answer to ${what}`)), timeoutMs);
      promise.then(
        (v) => {
          clearTimeout(timer);
          resolve(v);
        },
        (e: unknown) => {
          clearTimeout(timer);
          reject(e);
        },
      );
    });
  }

  /** Sends a request and waits (bounded) for the answer; a ResponseError rejects. */
  request<R>(method: string, params: unknown, timeoutMs = WAIT_MS): Promise<R> {
    return this.timed(this.connection.sendRequest(method, params) as Promise<R>, method, timeoutMs);
  }

  /** Sends a request with a cancellation token, so tests can send `$/cancelRequest`. */
  requestCancellable<R>(method: string, params: unknown, token: CancellationToken): Promise<R> {
    return this.timed(this.connection.sendRequest(method, params, token) as Promise<R>, method);
  }

  async notification(method: string, params: unknown): Promise<void> {
    await this.connection.sendNotification(method, params);
  }

  // ---- workspace files --------------------------------------------------

  /** The URI of a folder-relative path in the temp copy of folder `folder`. */
  uri(rel: string, folder = 0): string {
    return pathToFileURL(this.abs(rel, folder)).toString();
  }

  abs(rel: string, folder = 0): string {
    return path.join(this.folders[folder].root, ...rel.split('/'));
  }

  /** The text of a file: the open buffer if open, else the disk of the temp copy. */
  text(rel: string, folder = 0): string {
    const doc = this.documents.get(this.uri(rel, folder));
    return doc ? doc.getText() : fs.readFileSync(this.abs(rel, folder), 'utf8');
  }

  /** Writes a file in the temp copy and tells the server through didChangeWatchedFiles. */
  async writeFile(rel: string, text: string, folder = 0): Promise<void> {
    const abs = this.abs(rel, folder);
    const existed = fs.existsSync(abs);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, text);
    await this.watchedFiles([{ uri: this.uri(rel, folder), type: existed ? 2 : 1 }]);
  }

  /** Deletes a file in the temp copy and tells the server through didChangeWatchedFiles. */
  async deleteFile(rel: string, folder = 0): Promise<void> {
    fs.rmSync(this.abs(rel, folder));
    await this.watchedFiles([{ uri: this.uri(rel, folder), type: 3 }]);
  }

  async watchedFiles(changes: Array<{ uri: string; type: FileChangeType }>): Promise<void> {
    await this.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes });
  }

  /**
   * Changes the answer to `workspace/configuration` (for every folder, or
   * only for folder `folder`) and sends didChangeConfiguration.
   */
  async changeSettings(section: string, value: unknown, folder?: number): Promise<void> {
    if (folder === undefined) this.settings[section] = value;
    else {
      const uri = this.folders[folder].uri;
      this.folderSettings.set(uri, { ...this.folderSettings.get(uri), [section]: value });
    }
    await this.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
  }

  /** Every pushed diagnostic of a folder as `file:line:col code` (1-based), sorted. */
  diagnosticLines(folder = 0): string[] {
    const root = this.folders[folder].root;
    const out: string[] = [];
    for (const [uri, diags] of this.diagnostics) {
      if (!uri.startsWith('file:')) continue;
      const rel = path.relative(root, fileURLToPath(uri));
      if (rel.startsWith('..') || path.isAbsolute(rel)) continue;
      for (const d of diags) out.push(formatDiagnostic(rel.split(path.sep).join('/'), d));
    }
    return out.sort(compareDiagnosticLines);
  }

  // ---- documents -----------------------------------------------------------

  /** Opens a file of the temp copy with its disk text (or `text`). Returns its URI. */
  async open(rel: string, folder = 0, text?: string): Promise<string> {
    const uri = this.uri(rel, folder);
    const doc = TextDocument.create(uri, languageIdOf(rel), 1, text ?? fs.readFileSync(this.abs(rel, folder), 'utf8'));
    this.documents.set(uri, doc);
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: doc.languageId, version: doc.version, text: doc.getText() },
    });
    return uri;
  }

  /** Sends incremental edits (ranges in the current buffer) to an open document. */
  async change(uri: string, edits: Array<{ range: Range; text: string }>): Promise<void> {
    const doc = this.documents.get(uri);
    if (!doc) throw new Error(`${uri} is not open`);
    const version = doc.version + 1;
    TextDocument.update(doc, edits, version);
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version },
      contentChanges: edits.map((e) => ({ range: e.range, text: e.text })),
    });
  }

  async close(uri: string): Promise<void> {
    this.documents.delete(uri);
    await this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  /**
   * The range of the `occurrence`-th (0-based) `needle` in a file's current
   * text (open buffer or disk), so tests name places by their text.
   */
  rangeOf(rel: string, needle: string, occurrence = 0, folder = 0): Range {
    return rangeIn(this.text(rel, folder), needle, occurrence);
  }

  // ---- lifecycle -------------------------------------------------------

  /**
   * A request/response round trip: when it resolves, every message the server
   * sent before handling it (e.g. the rest of a burst of publishDiagnostics) has arrived.
   */
  async roundTrip(): Promise<void> {
    await this.request('reqtrace/coverage', {});
  }

  /** True while the server process runs and answers a request. */
  async isAlive(): Promise<boolean> {
    if (this.exitCode !== undefined) return false;
    await this.request('reqtrace/coverage', {});
    return this.exitCode === undefined;
  }

  /** shutdown + exit, then kill if the server has not gone; removes the temp copies. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    for (const w of this.waiters) w.reject(new Error('the test client was disposed while waiting'));
    this.waiters.clear();
    if (this.exitCode === undefined && this.proc) {
      const exited = new Promise<void>((resolve) => this.proc.once('exit', () => resolve()));
      try {
        await this.timed(this.connection.sendRequest(ShutdownRequest.type), 'shutdown', 2000);
        await this.connection.sendNotification(ExitNotification.type);
      } catch {
        // The server is stuck or gone: the kill below ends it.
      }
      const timer = setTimeout(() => this.proc.kill('SIGKILL'), 2000);
      await exited;
      clearTimeout(timer);
    }
    this.connection?.dispose();
    // Each copy sits alone in its own mkdtemp folder.
    for (const f of this.folders) if (!this.callerFolders.includes(f)) fs.rmSync(path.dirname(f.root), { recursive: true, force: true });
  }
}

function languageIdOf(rel: string): string {
  const ext = path.extname(rel).toLowerCase();
  const ids: Record<string, string> = { '.ts': 'typescript', '.py': 'python', '.md': 'markdown', '.yaml': 'yaml', '.yml': 'yaml', '.js': 'javascript' };
  return ids[ext] ?? 'plaintext';
}
