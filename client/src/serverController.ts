/**
 * Owns the language client's life: start, stop and restart it, follow `reqtrace.enable`, and
 * tell the views when the server's state or index changes. Start and stop calls are queued so
 * that toggling the setting quickly never hits a client that is half started.
 */
import * as vscode from 'vscode';
import { State, type CancellationToken, type RequestType } from 'vscode-languageclient';
import { CoverageRequest, IndexChangedNotification, WorkspaceTrustedNotification, type CoverageSummary } from '../../server/src/protocol';
import { isServerEnabled } from './config';
import type { ClientStarter, CreatedClient } from './languageClient';

/**
 * `disabled`: turned off by the settings. `stopped`: should run but does not (it failed to
 * start, or crashed too often).
 */
export type ServerState = 'disabled' | 'starting' | 'running' | 'stopped';

const SHOW_LOG = 'Show log';
const RESTART = 'Restart';

export class ServerController implements vscode.Disposable {
  private current: CreatedClient | undefined;
  private state: ServerState = 'disabled';
  private queue: Promise<void> = Promise.resolve();
  /** Set while we stop the client on purpose, so its Stopped state is not taken for a failure. */
  private stopping = false;
  /** Set while our own start runs: its failures are shown by us, not by vscode-languageclient. */
  private starting = false;
  /** Set when a failure of the current start was already shown to the user. */
  private failureShown = false;
  /** Bumped by every notification, so an older CoverageRequest answer cannot overwrite a newer summary. */
  private summaryGeneration = 0;
  private readonly stateEmitter = new vscode.EventEmitter<ServerState>();
  private readonly indexEmitter = new vscode.EventEmitter<CoverageSummary>();

  /** Fires on every state change: the server came up, went down or was disabled. */
  readonly onDidChangeState = this.stateEmitter.event;
  /**
   * Fires with the coverage summary after the server came up (answer to CoverageRequest) and
   * whenever it reports a changed index (IndexChangedNotification).
   */
  readonly onDidChangeIndex = this.indexEmitter.event;

  constructor(
    /** Starts the server of this build (desktop or browser). */
    private readonly starter: ClientStarter,
    private readonly log: vscode.LogOutputChannel,
    private readonly trace: vscode.OutputChannel,
  ) {
    setContext('reqtrace.serverState', this.state);
    setContext('reqtrace.indexing', false);
  }

  get serverState(): ServerState {
    return this.state;
  }

  /** Tells a running server that the workspace is now trusted: it may run git from then on. */
  notifyTrusted(): void {
    const client = this.current?.client;
    if (client?.isRunning()) void client.sendNotification(WorkspaceTrustedNotification.type, {});
  }

  /** Starts or stops the server to match `reqtrace.enable`. */
  syncWithSettings(): Promise<void> {
    return this.enqueue(async () => {
      if (isServerEnabled()) await this.startNow();
      else await this.stopNow('disabled');
    });
  }

  /** Stops the server (if running) and starts a fresh one, unless reqtrace is disabled. */
  restart(): Promise<void> {
    return this.enqueue(async () => {
      await this.stopNow('stopped');
      if (isServerEnabled()) await this.startNow();
      else this.setState('disabled');
    });
  }

  /** Stops the server for good; used on deactivation. */
  shutdown(): Promise<void> {
    return this.enqueue(() => this.stopNow('disabled'));
  }

  /** Sends a request when the server runs; undefined when it does not. */
  async sendRequest<P, R>(type: RequestType<P, R, void>, params: P, token?: CancellationToken): Promise<R | undefined> {
    const client = this.current?.client;
    if (!client || !client.isRunning()) return undefined;
    return client.sendRequest(type, params, token);
  }

  showLog(): void {
    this.log.show();
  }

  dispose(): void {
    void this.shutdown();
    this.stateEmitter.dispose();
    this.indexEmitter.dispose();
  }

  private enqueue(step: () => Promise<void>): Promise<void> {
    const next = this.queue.then(step).catch((error: unknown) => {
      this.log.error('reqtrace: changing the server state failed', error);
    });
    this.queue = next;
    return next;
  }

  private async startNow(): Promise<void> {
    if (this.current) return;
    const missing = this.starter.missing();
    if (missing) {
      this.log.error(`reqtrace: ${missing}`);
      this.setState('stopped');
      this.failureShown = false;
      this.showFailure(`reqtrace: ${missing}. Reinstall the extension.`);
      return;
    }
    this.failureShown = false;
    let created: CreatedClient;
    try {
      created = await this.createClient();
    } catch (error) {
      this.log.error('reqtrace: the language server could not be created', error);
      this.setState('stopped');
      this.showFailure(`reqtrace: the language server could not start: ${messageOf(error)}`);
      return;
    }
    this.current = created;
    const { client } = created;
    client.onNotification(IndexChangedNotification.type, (summary) => {
      this.summaryGeneration++;
      this.publishSummary(summary);
    });
    client.onDidChangeState(({ newState }) => {
      if (this.stopping || this.current?.client !== client) return;
      if (newState === State.Running) {
        this.setState('running');
        // Also after vscode-languageclient restarted a crashed server by itself.
        void this.fetchSummary();
      } else if (newState === State.Starting) {
        this.setState('starting');
      } else {
        this.setState('stopped');
      }
    });
    this.setState('starting');
    this.starting = true;
    try {
      await client.start();
      this.log.info('reqtrace: language server started');
    } catch (error) {
      this.log.error('reqtrace: the language server could not start', error);
      this.setState('stopped');
      this.showFailure(`reqtrace: the language server could not start: ${messageOf(error)}`);
    } finally {
      this.starting = false;
    }
  }

  private createClient(): Promise<CreatedClient> {
    return this.starter.create({
      log: this.log,
      trace: this.trace,
      onGaveUp: (crashes) => {
        this.setState('stopped');
        this.showFailure(`reqtrace: the language server crashed ${crashes} times in 3 minutes and was not restarted.`);
      },
      onInitializeFailed: (error) => {
        this.showFailure(`reqtrace: the language server failed to initialize: ${messageOf(error)}`);
      },
      reportsFailuresItself: () => this.starting,
    });
  }

  private async stopNow(then: ServerState): Promise<void> {
    const created = this.current;
    this.current = undefined;
    if (created) {
      this.stopping = true;
      try {
        // A client that is not running (start failed, or it gave up) cannot be stopped, only dropped.
        if (created.client.state !== State.Stopped) await created.client.dispose();
      } catch (error) {
        this.log.warn(`reqtrace: stopping the language server failed: ${messageOf(error)}`);
      } finally {
        this.stopping = false;
      }
    }
    this.setState(then);
    setContext('reqtrace.indexing', false);
  }

  private async fetchSummary(): Promise<void> {
    const generation = this.summaryGeneration;
    try {
      const summary = await this.sendRequest(CoverageRequest.type, {});
      if (summary && generation === this.summaryGeneration) this.publishSummary(summary);
    } catch (error) {
      this.log.error('reqtrace: the coverage request failed', error);
    }
  }

  private publishSummary(summary: CoverageSummary): void {
    setContext('reqtrace.indexing', summary.indexing);
    this.indexEmitter.fire(summary);
  }

  private setState(state: ServerState): void {
    if (state === this.state) return;
    this.state = state;
    setContext('reqtrace.serverState', state);
    this.stateEmitter.fire(state);
  }

  /** Shows one error per failed start, with ways out. */
  private showFailure(message: string): void {
    if (this.failureShown) return;
    this.failureShown = true;
    void vscode.window.showErrorMessage(message, SHOW_LOG, RESTART).then((choice) => {
      if (choice === SHOW_LOG) this.log.show();
      else if (choice === RESTART) void this.restart();
    });
  }
}

function setContext(key: string, value: unknown): void {
  void vscode.commands.executeCommand('setContext', key, value);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
