/** The commands of the extension (`contributes.commands` in package.json). */
import * as vscode from 'vscode';
import { CoverageRequest } from '../../server/src/protocol';
import { isServerEnabled } from './config';
import { coverageSentence } from './coverageText';
import { goToRequirement, showNotRunning } from './goToRequirement';
import { REQUIREMENTS_VIEW_ID, type RequirementsTree } from './requirementsTree';
import type { ServerController } from './serverController';

export interface CommandDeps {
  server: ServerController;
  tree: RequirementsTree;
  log: vscode.LogOutputChannel;
}

export function registerCommands({ server, tree, log }: CommandDeps): vscode.Disposable[] {
  const register = (id: string, run: (...args: unknown[]) => unknown) => vscode.commands.registerCommand(id, run);
  return [
    register('reqtrace.restartServer', () => restartServer(server)),
    register('reqtrace.goToRequirement', (id) => goToRequirement(server, log, id)),
    register('reqtrace.showCoverage', () => showCoverage(server, log)),
    register('reqtrace.showOnlyUncovered', () => tree.setOnlyUncovered(true)),
    register('reqtrace.showAllRequirements', () => tree.setOnlyUncovered(false)),
    register('reqtrace.refreshRequirements', () => tree.refresh()),
    register('reqtrace.showLog', () => log.show()),
  ];
}

async function restartServer(server: ServerController): Promise<void> {
  if (!isServerEnabled()) {
    showNotRunning(server);
    return;
  }
  await server.restart();
}

async function showCoverage(server: ServerController, log: vscode.LogOutputChannel): Promise<void> {
  let summary;
  try {
    summary = await server.sendRequest(CoverageRequest.type, {});
  } catch (error) {
    log.error('reqtrace: the coverage request failed', error);
    void vscode.window.showErrorMessage('reqtrace: could not get the coverage summary; see the log.');
    return;
  }
  if (!summary) {
    showNotRunning(server);
    return;
  }
  const open = 'Open Requirements view';
  const choice = await vscode.window.showInformationMessage(coverageSentence(summary), open);
  if (choice === open) await vscode.commands.executeCommand(`${REQUIREMENTS_VIEW_ID}.focus`);
}
