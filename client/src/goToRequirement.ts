/**
 * `reqtrace.goToRequirement`: a quick pick over every requirement in the workspace that opens
 * the chosen definition. Called with an ID (`executeCommand('reqtrace.goToRequirement',
 * 'AUTH-001')`) it opens that requirement directly.
 */
import * as vscode from 'vscode';
import { RequirementsRequest, type RequirementItem, type WorkspaceFolderRequirements } from '../../server/src/protocol';
import { openLocation, rangeAt } from './locations';
import { coverageWords, locationLabel } from './requirementsModel';
import type { ServerController } from './serverController';

interface RequirementPick extends vscode.QuickPickItem {
  req?: RequirementItem;
}

export async function goToRequirement(server: ServerController, log: vscode.LogOutputChannel, id?: unknown): Promise<void> {
  if (typeof id === 'string' && id.length > 0) {
    const data = await fetchRequirements(server, log);
    const req = data?.flatMap((f) => f.requirements).find((r) => r.id === id);
    if (req) await open(req);
    else if (data) void vscode.window.showInformationMessage(`reqtrace: no requirement ${id} is defined in this workspace.`);
    return;
  }

  const pick = vscode.window.createQuickPick<RequirementPick>();
  pick.title = 'Go to Requirement';
  pick.placeholder = 'Type an ID or words of the title';
  pick.matchOnDescription = true;
  pick.matchOnDetail = true;
  pick.busy = true;
  const cancellation = new vscode.CancellationTokenSource();
  pick.onDidHide(() => {
    cancellation.cancel();
    cancellation.dispose();
    pick.dispose();
  });
  pick.onDidAccept(() => {
    const chosen = pick.selectedItems[0]?.req;
    pick.hide();
    if (chosen) void open(chosen);
  });
  pick.show();

  const data = await fetchRequirements(server, log, cancellation.token);
  if (cancellation.token.isCancellationRequested) return;
  if (!data) {
    pick.hide();
    return;
  }
  pick.items = toPicks(data);
  pick.busy = false;
  if (pick.items.length === 0) pick.placeholder = 'No requirements found in this workspace';
}

function toPicks(data: readonly WorkspaceFolderRequirements[]): RequirementPick[] {
  const picks: RequirementPick[] = [];
  for (const folder of data) {
    if (data.length > 1 && folder.requirements.length > 0) {
      picks.push({ label: folder.name, kind: vscode.QuickPickItemKind.Separator });
    }
    const sorted = [...folder.requirements].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    for (const req of sorted) {
      const errors = req.errors > 0 ? ` · ${req.errors === 1 ? '1 error' : `${req.errors} errors`}` : '';
      picks.push({
        label: req.id,
        description: req.title,
        detail: `${locationLabel(req.file, req.line)} · ${coverageWords(req)}${errors}`,
        req,
      });
    }
  }
  return picks;
}

/** The requirements, or undefined (after telling the user) when the server cannot answer. */
async function fetchRequirements(
  server: ServerController,
  log: vscode.LogOutputChannel,
  token?: vscode.CancellationToken,
): Promise<WorkspaceFolderRequirements[] | undefined> {
  try {
    const data = await server.sendRequest(RequirementsRequest.type, {}, token);
    if (data === undefined) showNotRunning(server);
    return data;
  } catch (error) {
    if (token?.isCancellationRequested) return undefined;
    log.error('reqtrace: the requirements request failed', error);
    void vscode.window.showErrorMessage('reqtrace: could not list the requirements; see the log.');
    return undefined;
  }
}

async function open(req: RequirementItem): Promise<void> {
  await openLocation(req.uri, rangeAt(req.line, req.character, req.id.length));
}

/** Tells the user the server is not running, with the way to find out why. */
export function showNotRunning(server: ServerController): void {
  const message =
    server.serverState === 'disabled'
      ? 'reqtrace is turned off (setting `reqtrace.enable`).'
      : 'The reqtrace language server is not running.';
  void vscode.window.showWarningMessage(message, 'Show log').then((choice) => {
    if (choice) server.showLog();
  });
}
