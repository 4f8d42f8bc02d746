/**
 * Entry point of the desktop extension (package.json `main`): the shared activation
 * (activation.ts) with the Node server started by nodeClient.ts.
 */
import type * as vscode from 'vscode';
import { activateWith } from './activation';
import { nodeStarter } from './nodeClient';

export { deactivate } from './activation';

export function activate(context: vscode.ExtensionContext): Promise<void> {
  return activateWith(context, nodeStarter(context));
}
