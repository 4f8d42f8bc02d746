/**
 * The Requirements view in the explorer: (folders →) spec files → requirements → references.
 * It asks the server for one level at a time: the spec files with their counts when the view is
 * shown and after every index change (debounced), a file's requirements and a requirement's
 * references when they are expanded. It can be filtered to uncovered requirements.
 */
import * as vscode from 'vscode';
import {
  RequirementReferencesRequest,
  RequirementsRequest,
  SpecFilesRequest,
  type RequirementItem,
  type RequirementReference,
  type WorkspaceFolderSpecFiles,
} from '../../server/src/protocol';
import { openCommand, rangeAt } from './locations';
import {
  countsText,
  fileDescription,
  groupSpecFiles,
  locationLabel,
  needsCoverage,
  requirementState,
  shownRequirements,
  type FolderGroup,
  type RequirementState,
  type SpecFileGroup,
} from './requirementsModel';
import type { ServerController } from './serverController';

export const REQUIREMENTS_VIEW_ID = 'reqtrace.requirements';
const ONLY_UNCOVERED_KEY = 'reqtrace.onlyUncovered';
const REFRESH_DELAY_MS = 200;

type Reference = RequirementReference;

type Node =
  | { kind: 'folder'; id: string; group: FolderGroup }
  | { kind: 'file'; id: string; group: SpecFileGroup }
  | { kind: 'requirement'; id: string; req: RequirementItem }
  | { kind: 'reference'; id: string; req: RequirementItem; ref: Reference };

export class RequirementsTree implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changeEmitter.event;

  private readonly view: vscode.TreeView<Node>;
  private readonly disposables: vscode.Disposable[] = [];
  private onlyUncovered: boolean;
  /** The pending or last list of spec files; undefined when it must be fetched again. */
  private data: Promise<WorkspaceFolderSpecFiles[]> | undefined;
  private fetchCancellation: vscode.CancellationTokenSource | undefined;
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly server: ServerController,
    private readonly memento: vscode.Memento,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.onlyUncovered = memento.get<boolean>(ONLY_UNCOVERED_KEY, false);
    this.view = vscode.window.createTreeView(REQUIREMENTS_VIEW_ID, { treeDataProvider: this, showCollapseAll: true });
    this.applyFilterContext();
    this.disposables.push(
      this.view,
      this.changeEmitter,
      server.onDidChangeIndex(() => this.scheduleRefresh()),
      server.onDidChangeState(() => this.refresh()),
    );
  }

  /** Fetches the requirements again and redraws the tree. */
  refresh(): void {
    if (this.refreshTimer !== undefined) clearTimeout(this.refreshTimer);
    this.refreshTimer = undefined;
    this.fetchCancellation?.cancel();
    this.data = undefined;
    this.changeEmitter.fire(undefined);
  }

  /** Shows only uncovered requirements, or all of them. */
  async setOnlyUncovered(value: boolean): Promise<void> {
    this.onlyUncovered = value;
    await this.memento.update(ONLY_UNCOVERED_KEY, value);
    this.applyFilterContext();
    this.changeEmitter.fire(undefined);
  }

  dispose(): void {
    if (this.refreshTimer !== undefined) clearTimeout(this.refreshTimer);
    this.fetchCancellation?.cancel();
    this.fetchCancellation?.dispose();
    for (const d of this.disposables) d.dispose();
  }

  async getChildren(node?: Node): Promise<Node[]> {
    if (!node) return this.rootChildren();
    switch (node.kind) {
      case 'folder':
        return withUniqueIds(node.group.files.map((group) => ({ kind: 'file', id: `${node.id}/${group.uri}`, group })));
      case 'file':
        return withUniqueIds(
          shownRequirements(await this.requirementsOf(node.group.uri), this.onlyUncovered).map((req) => ({
            kind: 'requirement',
            id: `${node.id}/${req.id}@${req.line}:${req.character}`,
            req,
          })),
        );
      case 'requirement':
        return withUniqueIds(
          (await this.referencesOf(node.req))
            .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.character - b.character))
            .map((ref) => ({ kind: 'reference', id: `${node.id}/${ref.uri}#${ref.line}:${ref.character}`, req: node.req, ref })),
        );
      case 'reference':
        return [];
    }
  }

  getTreeItem(node: Node): vscode.TreeItem {
    switch (node.kind) {
      case 'folder':
        return folderItem(node.id, node.group);
      case 'file':
        return fileItem(node.id, node.group);
      case 'requirement':
        return requirementItem(node.id, node.req);
      case 'reference':
        return referenceItem(node.id, node.req, node.ref);
    }
  }

  private async rootChildren(): Promise<Node[]> {
    this.data ??= this.fetch();
    const data = await this.data;
    const groups = groupSpecFiles(data, this.onlyUncovered);
    // The folder level appears only in multi-root workspaces, whatever the filter leaves.
    if (data.length > 1) return withUniqueIds(groups.map((group) => ({ kind: 'folder', id: group.folder, group })));
    return withUniqueIds((groups[0]?.files ?? []).map((group) => ({ kind: 'file', id: group.uri, group })));
  }

  private async fetch(): Promise<WorkspaceFolderSpecFiles[]> {
    this.fetchCancellation?.dispose();
    const cancellation = new vscode.CancellationTokenSource();
    this.fetchCancellation = cancellation;
    try {
      const data = (await this.server.sendRequest(SpecFilesRequest.type, {}, cancellation.token)) ?? [];
      this.view.message = undefined;
      return data;
    } catch (error) {
      if (cancellation.token.isCancellationRequested) return [];
      this.log.error('reqtrace: the requirements request failed', error);
      this.view.message = 'Could not load the requirements; see the reqtrace log.';
      return [];
    }
  }

  /** A spec file's requirements, asked for when its node is expanded (the top level carries counts only). */
  private async requirementsOf(uri: string): Promise<RequirementItem[]> {
    try {
      return ((await this.server.sendRequest(RequirementsRequest.type, { uri })) ?? []).flatMap((f) => f.requirements);
    } catch (error) {
      this.log.error(`reqtrace: the requirements request for ${uri} failed`, error);
      return [];
    }
  }

  /** A requirement's references, asked for when its node is expanded (the list of requirements carries counts only). */
  private async referencesOf(req: RequirementItem): Promise<Reference[]> {
    try {
      return (await this.server.sendRequest(RequirementReferencesRequest.type, { uri: req.uri, id: req.id })) ?? [];
    } catch (error) {
      this.log.error(`reqtrace: the references request for ${req.id} failed`, error);
      return [];
    }
  }

  private scheduleRefresh(): void {
    if (this.refreshTimer !== undefined) clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => this.refresh(), REFRESH_DELAY_MS);
  }

  private applyFilterContext(): void {
    void vscode.commands.executeCommand('setContext', ONLY_UNCOVERED_KEY, this.onlyUncovered);
    this.view.description = this.onlyUncovered ? 'Uncovered only' : undefined;
  }
}

/**
 * Tree item ids must be unique in the whole tree (VS Code rejects duplicates) and stable across
 * refreshes (so expanded nodes stay expanded). A child's id starts with its parent's, so making
 * siblings unique is enough; a duplicate only comes from duplicate data and gets a counter.
 */
function withUniqueIds<T extends Node>(nodes: T[]): T[] {
  const seen = new Set<string>();
  return nodes.map((node) => {
    let id = node.id;
    for (let n = 2; seen.has(id); n++) id = `${node.id}~${n}`;
    seen.add(id);
    return id === node.id ? node : { ...node, id };
  });
}

function folderItem(id: string, group: FolderGroup): vscode.TreeItem {
  const item = new vscode.TreeItem(group.name, vscode.TreeItemCollapsibleState.Expanded);
  item.id = id;
  item.iconPath = new vscode.ThemeIcon('root-folder');
  const needing = group.files.reduce((n, f) => n + f.needing, 0);
  const covered = group.files.reduce((n, f) => n + f.covered, 0);
  item.description = group.files.length === 0 ? 'no requirements' : needing > 0 ? `${covered}/${needing} covered` : undefined;
  item.contextValue = 'folder';
  return item;
}

function fileItem(id: string, group: SpecFileGroup): vscode.TreeItem {
  const item = new vscode.TreeItem(group.file, vscode.TreeItemCollapsibleState.Expanded);
  item.id = id;
  // With a resourceUri the theme's file icon and the file's decorations (problems, git) show.
  item.resourceUri = vscode.Uri.parse(group.uri);
  item.iconPath = vscode.ThemeIcon.File;
  item.description = fileDescription(group);
  item.tooltip = `${group.file} — ${fileDescription(group)}`;
  item.contextValue = 'specFile';
  return item;
}

const STATE_ICONS: Record<RequirementState, vscode.ThemeIcon> = {
  covered: new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed')),
  uncovered: new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground')),
  exempt: new vscode.ThemeIcon('circle-slash', new vscode.ThemeColor('disabledForeground')),
  error: new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground')),
};

function requirementItem(id: string, req: RequirementItem): vscode.TreeItem {
  const collapsible =
    req.referenceCount > 0 ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None;
  const item = new vscode.TreeItem(req.id, collapsible);
  item.id = id;
  item.description = req.title;
  item.iconPath = STATE_ICONS[requirementState(req)];
  item.tooltip = requirementTooltip(req);
  item.command = openCommand(req.uri, rangeAt(req.line, req.character, req.id.length), 'Go to Requirement');
  item.contextValue = `requirement.${requirementState(req)}`;
  return item;
}

function referenceItem(id: string, req: RequirementItem, ref: Reference): vscode.TreeItem {
  const item = new vscode.TreeItem(locationLabel(ref.file, ref.line), vscode.TreeItemCollapsibleState.None);
  item.id = id;
  item.description = ref.kind;
  item.iconPath = new vscode.ThemeIcon(ref.kind === 'impl' ? 'symbol-method' : ref.kind === 'test' ? 'beaker' : 'references');
  item.tooltip = `${ref.kind} reference to ${req.id} at ${locationLabel(ref.file, ref.line)}`;
  item.command = openCommand(ref.uri, rangeAt(ref.line, ref.character, req.id.length), 'Go to Reference');
  item.contextValue = 'reference';
  return item;
}

function requirementTooltip(req: RequirementItem): vscode.MarkdownString {
  // Theme icons on from the start, so appendText escapes `$(…)` in titles.
  const md = new vscode.MarkdownString(undefined, true);
  md.appendMarkdown('**').appendText(req.id).appendMarkdown('** ').appendText(req.title).appendMarkdown('\n\n');
  md.appendMarkdown('Status: ').appendText(req.status ?? 'none').appendMarkdown(` · version ${req.version}\n\n`);
  if (!needsCoverage(req)) {
    md.appendMarkdown('Needs no coverage\n\n');
  } else if (req.missing.length > 0) {
    md.appendMarkdown('Coverage: missing ').appendText(req.missing.join(', ')).appendMarkdown('\n\n');
  } else {
    md.appendMarkdown('Coverage: complete\n\n');
  }
  md.appendMarkdown('References: ').appendText(countsText(req.counts)).appendMarkdown('\n\n');
  if (req.errors > 0) md.appendMarkdown(`$(error) ${req.errors === 1 ? '1 error' : `${req.errors} errors`}\n\n`);
  md.appendMarkdown('Defined in ').appendText(locationLabel(req.file, req.line));
  return md;
}
