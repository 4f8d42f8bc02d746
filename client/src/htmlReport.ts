/**
 * The Open HTML Report command: the server renders the workspace folder's report (the same file
 * `reqtrace report --format html` writes), the extension writes it to its global storage and opens
 * it in the browser; in a browser-based or remote window, in a webview tab instead. Rendering a large workspace takes seconds, so a cancellable notification shows
 * progress; a failure is told to the user, not only logged.
 */
import * as vscode from 'vscode';
import { HtmlReportRequest } from '../../server/src/protocol';
import { showNotRunning } from './goToRequirement';
import { reportFileName } from './requirementsModel';
import type { ServerController } from './serverController';

/** Renders, writes and opens the report; resolves to the file written, or undefined when there is none. */
export async function openHtmlReport(server: ServerController, log: vscode.LogOutputChannel, storage: vscode.Uri): Promise<vscode.Uri | undefined> {
  const folder = await pickFolder();
  if (folder === null) return undefined;
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'reqtrace: rendering the HTML report…', cancellable: true },
    async (_progress, token) => {
      let report;
      try {
        report = await server.sendRequest(HtmlReportRequest.type, folder ? { folder: folder.uri.toString() } : {}, token);
      } catch (error) {
        if (token.isCancellationRequested) return undefined;
        log.error('reqtrace: the HTML report request failed', error);
        void vscode.window.showErrorMessage(`reqtrace: could not render the HTML report: ${(error as Error)?.message ?? error}`);
        return undefined;
      }
      if (!report) {
        showNotRunning(server);
        return undefined;
      }
      const file = vscode.Uri.joinPath(storage, 'reports', reportFileName(report.name));
      try {
        await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(storage, 'reports'));
        await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(report.html));
      } catch (error) {
        log.error(`reqtrace: cannot write the HTML report to ${file.fsPath}`, error);
        void vscode.window.showErrorMessage(`reqtrace: could not write the HTML report to ${file.fsPath}: ${(error as Error)?.message ?? error}`);
        return undefined;
      }
      log.info(`reqtrace: wrote the HTML report of ${report.name} to ${file.fsPath}`);
      // In a browser (code-server, Codespaces) or a remote window the file is on another machine than
      // the browser that would open it: openExternal does nothing there, so the editor shows it itself.
      if (vscode.env.uiKind === vscode.UIKind.Web || vscode.env.remoteName !== undefined) showInEditor(report.name, report.html);
      else if (!(await vscode.env.openExternal(file))) void vscode.window.showInformationMessage(`reqtrace: the HTML report is at ${file.fsPath}`);
      return file;
    },
  );
}

/**
 * The report in a webview beside the editors. Its own Content Security Policy (inline style and
 * script allowed by hash only) still holds inside the webview.
 */
function showInEditor(name: string, html: string): void {
  const panel = vscode.window.createWebviewPanel('reqtrace.htmlReport', `Traceability report — ${name}`, vscode.ViewColumn.Active, {
    enableScripts: true,
    enableFindWidget: true,
  });
  panel.webview.html = html;
}

/** The folder to report on: the only one, or the one the user picks; null when the pick is dismissed. */
async function pickFolder(): Promise<vscode.WorkspaceFolder | undefined | null> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length <= 1) return folders[0];
  return (await vscode.window.showWorkspaceFolderPick({ placeHolder: 'Open the HTML report of which folder?' })) ?? null;
}
