/** The commands of the extension (`contributes.commands` in package.json). */
import * as vscode from 'vscode';
import { ReferencesRequest } from 'vscode-languageclient';
import { CoverageRequest } from '../../server/src/protocol';
import { isServerEnabled } from './config';
import { coverageSentence } from './coverageText';
import { goToRequirement, showNotRunning } from './goToRequirement';
import { openHtmlReport } from './htmlReport';
import { GROUPINGS, isGrouping } from './requirementsModel';
import { REQUIREMENTS_VIEW_ID, type RequirementsTree } from './requirementsTree';
import type { ServerController } from './serverController';
import { SHOW_REFERENCES_COMMAND } from '../../server/src/protocol';

export interface CommandDeps {
  server: ServerController;
  tree: RequirementsTree;
  log: vscode.LogOutputChannel;
  /** Where the extension may write files of its own (the HTML report). */
  storage: vscode.Uri;
}

export function registerCommands({ server, tree, log, storage }: CommandDeps): vscode.Disposable[] {
  const register = (id: string, run: (...args: unknown[]) => unknown) => vscode.commands.registerCommand(id, run);
  return [
    register('reqtrace.restartServer', () => restartServer(server)),
    register('reqtrace.goToRequirement', (id) => goToRequirement(server, log, id)),
    register('reqtrace.showCoverage', () => showCoverage(server, log)),
    register('reqtrace.showOnlyUncovered', () => tree.setOnlyUncovered(true)),
    register('reqtrace.showAllRequirements', () => tree.setOnlyUncovered(false)),
    register('reqtrace.refreshRequirements', () => tree.refresh()),
    register('reqtrace.groupRequirementsBy', (by) => groupBy(tree, by)),
    register('reqtrace.openHtmlReport', () => openHtmlReport(server, log, storage)),
    register('reqtrace.showLog', () => log.show()),
    register(SHOW_REFERENCES_COMMAND, (uri, position) => showReferences(server, uri, position)),
  ];
}

/**
 * The code lens on a definition: its references, asked for now (the lens
 * holds only where the definition is), in the editor's references peek.
 */
async function showReferences(server: ServerController, uri: unknown, position: unknown): Promise<void> {
  const at = position as { line: number; character: number };
  const params = { textDocument: { uri: uri as string }, position: at, context: { includeDeclaration: false } };
  const found = (await server.sendRequest(ReferencesRequest.type, params)) ?? [];
  const locations = found.map(
    (l) => new vscode.Location(vscode.Uri.parse(l.uri), new vscode.Range(l.range.start.line, l.range.start.character, l.range.end.line, l.range.end.character)),
  );
  await vscode.commands.executeCommand('editor.action.showReferences', vscode.Uri.parse(uri as string), new vscode.Position(at.line, at.character), locations);
}

/** Groups the Requirements view by `by` when given (keybindings, tests), else by what the user picks. */
async function groupBy(tree: RequirementsTree, by: unknown): Promise<void> {
  if (isGrouping(by)) return tree.setGrouping(by);
  const picked = await vscode.window.showQuickPick(
    GROUPINGS.map((g) => ({ label: g.label, detail: g.detail, by: g.by, description: g.by === tree.groupBy ? '(current)' : undefined, picked: g.by === tree.groupBy })),
    { title: 'Group Requirements By', placeHolder: 'Group the Requirements view by…' },
  );
  if (picked) await tree.setGrouping(picked.by);
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
