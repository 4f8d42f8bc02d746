/**
 * How the desktop extension starts its server: server/dist/server.js in a Node process over IPC,
 * with the index cache in the extension's storage folder.
 */
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type ServerOptions } from 'vscode-languageclient/node';
import { clientOptions, reqtraceClientClass, type ClientStarter } from './languageClient';

const NodeLanguageClient = reqtraceClientClass(LanguageClient);

export function nodeStarter(context: vscode.ExtensionContext): ClientStarter {
  const serverModule = context.asAbsolutePath('server/dist/server.js');
  // The index cache lives in the extension's own storage, never in the workspace.
  const cacheDir = (context.storageUri ?? context.globalStorageUri).fsPath;
  return {
    missing: () => (fs.existsSync(serverModule) ? undefined : `the language server is missing (${serverModule})`),
    async create(env) {
      const serverOptions: ServerOptions = {
        run: { module: serverModule, transport: TransportKind.ipc },
        debug: {
          module: serverModule,
          transport: TransportKind.ipc,
          options: { execArgv: ['--nolazy', '--inspect=6009'] },
        },
      };
      // Every file on disk; the server decides which ones it reads (reqtrace.yaml, .gitignore).
      const client = new NodeLanguageClient('reqtrace', 'reqtrace', serverOptions, clientOptions({ ...env, cacheDir }, [{ scheme: 'file' }]));
      client.reportsFailuresItself = env.reportsFailuresItself;
      return { client };
    },
  };
}
