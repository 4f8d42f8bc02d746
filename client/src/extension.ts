/**
 * Entry point of the reqtrace extension: wires the language client, the Requirements view, the
 * status bar item and the commands together. Each lives in its own file.
 */
import * as vscode from 'vscode';
import { registerCommands } from './commands';
import { affectsServerEnablement } from './config';
import { LazyOutputChannel } from './lazyOutputChannel';
import { RequirementsTree } from './requirementsTree';
import { ServerController } from './serverController';
import { CoverageStatusBar } from './statusBar';

/** Kept for `deactivate`, which must wait for the server to shut down. */
let server: ServerController | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const log = vscode.window.createOutputChannel('reqtrace', { log: true });
  const trace = new LazyOutputChannel('reqtrace LSP trace');
  // The index cache lives in the extension's own storage, never in the workspace.
  const cacheDir = (context.storageUri ?? context.globalStorageUri).fsPath;
  const controller = new ServerController(context.asAbsolutePath('server/dist/server.js'), log, trace, cacheDir);
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
