/**
 * Entry point of the browser build of the extension (package.json `browser`, for vscode.dev,
 * github.dev and code-server's web-worker extension host). Everything but the server's start is
 * shared with the desktop extension (activation.ts): the server is server/dist/browser/server.js in a web
 * worker, and it reads the workspace through this client (fileAnswers.ts).
 */
import * as vscode from 'vscode';
import { LanguageClient } from 'vscode-languageclient/browser';
import { activateWith } from '../activation';
import { clientOptions, reqtraceClientClass, type ClientStarter } from '../languageClient';
import { answerFileRequests } from './fileAnswers';

export { deactivate } from '../activation';

const BrowserLanguageClient = reqtraceClientClass(LanguageClient);

export function activate(context: vscode.ExtensionContext): Promise<void> {
  return activateWith(context, browserStarter(context));
}

function browserStarter(context: vscode.ExtensionContext): ClientStarter {
  const serverUri = vscode.Uri.joinPath(context.extensionUri, 'server/dist/browser/server.js');
  return {
    missing: () => undefined,
    async create(env) {
      const worker = await startWorker(serverUri, env.log);
      // The files of the workspace folders, whatever their file system.
      const schemes = new Set(['file', ...(vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.scheme)]);
      const client = new BrowserLanguageClient('reqtrace', 'reqtrace', clientOptions(env, [...schemes].map((scheme) => ({ scheme }))), worker);
      client.reportsFailuresItself = env.reportsFailuresItself;
      context.subscriptions.push(...answerFileRequests(client));
      return { client };
    },
  };
}

/**
 * The server's web worker. vscode.dev and github.dev serve the extension over https, and the
 * worker starts from its URL. code-server serves a server-installed extension from a
 * `vscode-remote:` URI, for which its extension host refuses workers ("Creating workers from
 * remote extensions is currently not supported", microsoft/vscode#168942): there the script is
 * read through VS Code's file system and started from a Blob URL.
 */
async function startWorker(serverUri: vscode.Uri, log: vscode.LogOutputChannel): Promise<Worker> {
  try {
    return new Worker(serverUri.toString(true));
  } catch (error) {
    log.info(`reqtrace: starting the server from its URL failed (${error instanceof Error ? error.message : error}); starting it from a Blob of its script`);
    const script = await vscode.workspace.fs.readFile(serverUri);
    return new Worker(URL.createObjectURL(new Blob([script as BlobPart], { type: 'application/javascript' })));
  }
}
