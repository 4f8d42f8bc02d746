/**
 * What the one LanguageClient serving every workspace folder is made of, the same for the
 * desktop (nodeClient.ts: a Node process) and the browser (browser/extension.ts: a web worker):
 * which files it hears about, where it logs, and what happens when it crashes.
 */
import * as vscode from 'vscode';
import type { ReqtraceInitializationOptions } from '../../server/src/protocol';
import {
  CloseAction,
  ErrorAction,
  RevealOutputChannelOn,
  type BaseLanguageClient,
  type CloseHandlerResult,
  type DocumentSelector,
  type ErrorHandler,
  type ErrorHandlerResult,
  type LanguageClientOptions,
} from 'vscode-languageclient';
import { CONFIG_SECTION } from './config';
import { CrashTracker } from './crashTracker';

export interface CreatedClient {
  client: BaseLanguageClient;
}

/** How a build starts its server: in a Node process (nodeClient.ts) or a web worker (browser/extension.ts). */
export interface ClientStarter {
  /** Why the server cannot start (its bundle is missing), or undefined. */
  missing(): string | undefined;
  create(env: ClientEnvironment): Promise<CreatedClient>;
}

export interface ClientEnvironment {
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

type ClientClass = abstract new (...args: any[]) => BaseLanguageClient;

/**
 * The build's LanguageClient class, with forced error popups left to the caller (set
 * `reportsFailuresItself` on the instance). The id `reqtrace` given to its constructor makes
 * vscode-languageclient read `reqtrace.trace.server`.
 */
export function reqtraceClientClass<T extends ClientClass>(Base: T) {
  abstract class ReqtraceLanguageClient extends Base {
    reportsFailuresItself: () => boolean = () => false;

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
  return ReqtraceLanguageClient;
}

/** The client options of both builds; `documentSelector`: the files the server hears about. */
export function clientOptions(env: ClientEnvironment, documentSelector: DocumentSelector): LanguageClientOptions {
  return {
    documentSelector,
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
