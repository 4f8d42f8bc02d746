/**
 * The extension's activation, shared by the desktop entry (extension.ts) and the browser entry
 * (browser/extension.ts): wires the language client, the Requirements view, the status bar item
 * and the commands together. Each entry passes its own server starter, so the browser bundle
 * never imports the Node client (nodeClient.ts, which reads the disk).
 */
import * as vscode from 'vscode';
import { registerCommands } from './commands';
import { affectsServerEnablement } from './config';
import { LazyOutputChannel } from './lazyOutputChannel';
import type { ClientStarter } from './languageClient';
import { RequirementsTree } from './requirementsTree';
import { ServerController } from './serverController';
import { CoverageStatusBar } from './statusBar';

/** Kept for `deactivate`, which must wait for the server to shut down. */
let server: ServerController | undefined;

/** Activates the extension with the server `starter` gives. */
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

/** Waits for the server to shut down. */
export async function deactivate(): Promise<void> {
  const stopping = server?.shutdown();
  server = undefined;
  await stopping;
}
