/**
 * The coverage item in the status bar: `$(checklist) Req 87%`, with a breakdown in the tooltip
 * (and a table of coverage by release when requirements name releases).
 * A click focuses the Requirements view.
 */
import * as vscode from 'vscode';
import type { CoverageSummary } from '../../server/src/protocol';
import { coverageLines, releaseTable, shortCoverage } from './coverageText';
import type { ServerController, ServerState } from './serverController';

export class CoverageStatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly server: ServerController) {
    this.item = vscode.window.createStatusBarItem('reqtrace.status', vscode.StatusBarAlignment.Left, 100);
    this.item.name = 'reqtrace coverage';
    this.disposables.push(
      this.item,
      server.onDidChangeState((state) => this.onState(state)),
      server.onDidChangeIndex((summary) => this.render(summary)),
    );
    this.onState(server.serverState);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }

  private onState(state: ServerState): void {
    switch (state) {
      case 'disabled':
        this.item.hide();
        return;
      case 'starting':
        this.showProgress();
        return;
      case 'stopped':
        this.item.text = '$(error) Req';
        this.item.tooltip = 'The reqtrace language server is not running. Click to show the log.';
        this.item.command = 'reqtrace.showLog';
        this.item.accessibilityInformation = undefined;
        this.item.show();
        return;
      case 'running':
        // The summary follows from the server controller.
        this.showProgress();
        return;
    }
  }

  private showProgress(): void {
    this.item.text = '$(sync~spin) Req …';
    this.item.tooltip = 'reqtrace is indexing the workspace…';
    this.item.command = 'reqtrace.requirements.focus';
    this.item.accessibilityInformation = undefined;
    this.item.show();
  }

  private render(summary: CoverageSummary): void {
    if (this.server.serverState !== 'running') return;
    if (summary.indexing) {
      this.showProgress();
      return;
    }
    this.item.text = `$(checklist) Req ${shortCoverage(summary)}`;
    const tooltip = new vscode.MarkdownString();
    tooltip.appendMarkdown(`**reqtrace coverage: ${summary.needing > 0 ? `${summary.coverage}%` : '—'}**\n\n`);
    for (const line of coverageLines(summary)) tooltip.appendMarkdown(`- ${line}\n`);
    const releases = releaseTable(summary);
    if (releases) tooltip.appendMarkdown(`\n**By release**\n\n${releases}\n`);
    tooltip.appendMarkdown('\nClick to open the Requirements view.');
    this.item.tooltip = tooltip;
    this.item.command = 'reqtrace.requirements.focus';
    this.item.accessibilityInformation = {
      label: `reqtrace coverage ${shortCoverage(summary)}: ${coverageLines(summary).join(', ')}`,
    };
    this.item.show();
  }
}
