/**
 * Builds the one LanguageClient that serves every workspace folder: how the server is started,
 * which files it hears about, where it logs, and what happens when it crashes.
 */
import * as vscode from 'vscode';
import type { ReqtraceInitializationOptions } from '../../server/src/protocol';
import {
  CloseAction,
  ErrorAction,
  LanguageClient,
  RevealOutputChannelOn,
  TransportKind,
  type CloseHandlerResult,
  type ErrorHandler,
  type ErrorHandlerResult,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { CONFIG_SECTION } from './config';
import { CrashTracker } from './crashTracker';

export interface CreatedClient {
  client: LanguageClient;
}

export interface ClientEnvironment {
  /** Absolute path of `server/dist/server.js`. */
  serverModule: string;
  /** The extension's storage folder for the server's index cache (none: no cache). */
  cacheDir?: string;
  log: vscode.LogOutputChannel;
  trace: vscode.OutputChannel;
  /** Called when the server crashed too often and stays down. */
  onGaveUp(crashes: number): void;
  /** Called when `initialize` failed, with the server's error. */
  onInitializeFailed(error: unknown): void;
  /**
   * True while the caller reports failures itself (during its own start). vscode-languageclient
   * forces a generic "couldn't create connection" popup on every failed start; the caller's own
   * message carries the reason and the ways out, so one popup is enough.
   */
  reportsFailuresItself(): boolean;
}

/** A LanguageClient whose forced error popups can be left to the caller. */
class ReqtraceLanguageClient extends LanguageClient {
  constructor(
    serverOptions: ServerOptions,
    clientOptions: LanguageClientOptions,
    private readonly reportsFailuresItself: () => boolean,
  ) {
    // The id `reqtrace` makes vscode-languageclient read `reqtrace.trace.server`.
    super('reqtrace', 'reqtrace', serverOptions, clientOptions);
  }

  override error(message: string, data?: unknown, showNotification: boolean | 'force' = true): void {
    const quiet = showNotification === 'force' && this.reportsFailuresItself();
    super.error(message, data, quiet ? false : showNotification);
  }

  /**
   * vscode-languageclient 9.0.1 logs an automatic restart with `info(message, !handled)`: the
   * show-notification flag lands in `data`, and the log gets a line `false` under the message.
   * A boolean is never data here, so pass it on as the flag it is.
   */
  override info(message: string, data?: unknown, showNotification?: boolean): void {
    if (typeof data === 'boolean') super.info(message, undefined, data);
    else super.info(message, data, showNotification);
  }
}

export function createLanguageClient(env: ClientEnvironment): CreatedClient {
  const serverOptions: ServerOptions = {
    run: { module: env.serverModule, transport: TransportKind.ipc },
    debug: {
      module: env.serverModule,
      transport: TransportKind.ipc,
      options: { execArgv: ['--nolazy', '--inspect=6009'] },
    },
  };
  const clientOptions: LanguageClientOptions = {
    // Every file on disk; the server decides which ones it reads (reqtrace.yaml, .gitignore).
    documentSelector: [{ scheme: 'file' }],
    // No file watchers here: the server registers the one it needs (every file; it drops what it does not read).
    synchronize: { configurationSection: CONFIG_SECTION },
    diagnosticCollectionName: 'reqtrace',
    // A function: a server restarted after a crash learns the trust of that moment.
    initializationOptions: (): ReqtraceInitializationOptions => ({ cacheDir: env.cacheDir, indexChangedNotification: true, trusted: vscode.workspace.isTrusted }),
    outputChannel: env.log,
    traceOutputChannel: env.trace,
    // Our own messages say what failed; the output channel does not jump into view.
    revealOutputChannelOn: RevealOutputChannelOn.Never,
    markdown: { isTrusted: false, supportHtml: false },
    errorHandler: createErrorHandler(env),
    initializationFailedHandler: (error) => {
      env.onInitializeFailed(error);
      return false; // do not retry: the same server would fail the same way
    },
  };
  const client = new ReqtraceLanguageClient(serverOptions, clientOptions, env.reportsFailuresItself);
  return { client };
}

function createErrorHandler(env: ClientEnvironment): ErrorHandler {
  const crashes = new CrashTracker();
  return {
    error(error, _message, count): ErrorHandlerResult {
      // A broken message or a failed write: the connection usually recovers, so keep going.
      return {
        action: ErrorAction.Continue,
        message: `Error in the connection to the reqtrace server (${count ?? 1}): ${error.message}`,
        handled: true,
      };
    },
    closed(): CloseHandlerResult {
      if (crashes.recordCrash()) {
        return { action: CloseAction.Restart, message: 'The reqtrace server stopped unexpectedly; restarting it.', handled: true };
      }
      env.onGaveUp(crashes.recentCrashes);
      return {
        action: CloseAction.DoNotRestart,
        message: `The reqtrace server crashed ${crashes.recentCrashes} times in the last 3 minutes and will not be restarted.`,
        handled: true,
      };
    },
  };
}
