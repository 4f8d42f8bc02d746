/**
 * `reqtrace.goToRequirement`: a quick pick over the workspace's requirements that opens the
 * chosen definition. The server searches as the user types and sends the best matches (a
 * workspace of 50k requirements is not sent whole). Called with an ID
 * (`executeCommand('reqtrace.goToRequirement', 'AUTH-001')`) it opens that requirement directly.
 */
import * as vscode from 'vscode';
import { RequirementsRequest, type RequirementItem, type WorkspaceFolderRequirements } from '../../server/src/protocol';
import { openLocation, rangeAt } from './locations';
import { coverageWords, locationLabel } from './requirementsModel';
import type { ServerController } from './serverController';

/** Matches shown for what is typed; typing more narrows them. */
const MATCHES = 200;
/** Typing pauses this long before the server is asked. */
const SEARCH_DELAY_MS = 80;

interface RequirementPick extends vscode.QuickPickItem {
  req?: RequirementItem;
}

export async function goToRequirement(server: ServerController, log: vscode.LogOutputChannel, id?: unknown): Promise<void> {
  if (typeof id === 'string' && id.length > 0) {
    const data = await fetchRequirements(server, log, id);
    const req = data?.flatMap((f) => f.requirements).find((r) => r.id === id);
    if (req) await open(req);
    else if (data) void vscode.window.showInformationMessage(`reqtrace: no requirement ${id} is defined in this workspace.`);
    return;
  }

  const pick = vscode.window.createQuickPick<RequirementPick>();
  pick.title = 'Go to Requirement';
  pick.placeholder = 'Type an ID, words of the title, or a file';
  pick.matchOnDescription = true;
  pick.matchOnDetail = true;
  let search: vscode.CancellationTokenSource | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const find = async (query: string) => {
    search?.cancel();
    search?.dispose();
    const mine = (search = new vscode.CancellationTokenSource());
    pick.busy = true;
    const data = await fetchRequirements(server, log, query, mine.token);
    if (mine.token.isCancellationRequested) return;
    pick.busy = false;
    if (!data) {
      pick.hide();
      return;
    }
    pick.items = toPicks(data);
    if (pick.items.length === 0 && query === '') pick.placeholder = 'No requirements found in this workspace';
  };
  pick.onDidChangeValue((value) => {
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(() => void find(value), SEARCH_DELAY_MS);
  });
  pick.onDidHide(() => {
    if (timer !== undefined) clearTimeout(timer);
    search?.cancel();
    search?.dispose();
    pick.dispose();
  });
  pick.onDidAccept(() => {
    // The highlighted item, also when Enter comes as a search's answer replaces the items.
    const chosen = (pick.selectedItems[0] ?? pick.activeItems[0])?.req;
    pick.hide();
    if (chosen) void open(chosen);
  });
  pick.show();
  await find('');
}

function toPicks(data: readonly WorkspaceFolderRequirements[]): RequirementPick[] {
  const picks: RequirementPick[] = [];
  for (const folder of data) {
    if (data.length > 1 && folder.requirements.length > 0) {
      picks.push({ label: folder.name, kind: vscode.QuickPickItemKind.Separator });
    }
    // In the server's order: the best matches first.
    for (const req of folder.requirements) {
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

/** The best matches of `query`, or undefined (after telling the user) when the server cannot answer. */
async function fetchRequirements(
  server: ServerController,
  log: vscode.LogOutputChannel,
  query: string,
  token?: vscode.CancellationToken,
): Promise<WorkspaceFolderRequirements[] | undefined> {
  try {
    const data = await server.sendRequest(RequirementsRequest.type, { query, limit: MATCHES }, token);
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
