/**
 * Entry point of the reqtrace extension: wires the language client, the Requirements view, the
 * status bar item and the commands together. Each lives in its own file.
 */
import * as vscode from 'vscode';
import { registerCommands } from './commands';
import { affectsServerEnablement } from './config';
import { LazyOutputChannel } from './lazyOutputChannel';
import type { ClientStarter } from './languageClient';
import { nodeStarter } from './nodeClient';
import { RequirementsTree } from './requirementsTree';
import { ServerController } from './serverController';
import { CoverageStatusBar } from './statusBar';

/** Kept for `deactivate`, which must wait for the server to shut down. */
let server: ServerController | undefined;

export function activate(context: vscode.ExtensionContext): Promise<void> {
  return activateWith(context, nodeStarter(context));
}

/** Activates the extension with the server `starter` gives; the browser entry (browser/extension.ts) shares this. */
export async function activateWith(context: vscode.ExtensionContext, starter: ClientStarter): Promise<void> {
  const log = vscode.window.createOutputChannel('reqtrace', { log: true });
  const trace = new LazyOutputChannel('reqtrace LSP trace');
  const controller = new ServerController(starter, log, trace);
  server = controller;
  const tree = new RequirementsTree(controller, context.workspaceState, log);
  context.subscriptions.push(
    controller,
    tree,
    new CoverageStatusBar(controller),
    ...registerCommands({ server: controller, tree, log, storage: context.globalStorageUri }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (affectsServerEnablement(e)) void controller.syncWithSettings();
    }),
    // Suspect references need git, which runs only in a trusted workspace.
    vscode.workspace.onDidGrantWorkspaceTrust(() => controller.notifyTrusted()),
    // A folder added or removed can change whether any folder has reqtrace enabled.
    vscode.workspace.onDidChangeWorkspaceFolders(() => void controller.syncWithSettings()),
    // Last, so that whatever is disposed before can still log.
    trace,
    log,
  );
  await controller.syncWithSettings();
}

export async function deactivate(): Promise<void> {
  const stopping = server?.shutdown();
  server = undefined;
  await stopping;
}
