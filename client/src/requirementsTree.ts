/**
 * The Requirements view in the explorer: (folders →) spec files → requirements → references, or
 * grouped by release, by tag, or by the parent hierarchy (feature → requirement → sub-requirement)
 * with roll-up counts. It asks the server for one level at a time: the top (spec files or groups
 * with their counts) when the view is shown and after every index change (debounced), a node's
 * requirements when it is expanded, a page at a time where a group can hold thousands, and a
 * requirement's references when it is expanded. It can be filtered to uncovered requirements; the
 * grouping and the filter are remembered per workspace.
 */
import * as vscode from 'vscode';
import {
  RequirementGroupsRequest,
  RequirementReferencesRequest,
  RequirementsRequest,
  SpecFilesRequest,
  type RequirementGroupItem,
  type RequirementItem,
  type RequirementReference,
  type RequirementsGrouping,
  type RequirementsParams,
} from '../../server/src/protocol';
import { fileItem, folderItem, groupItem, moreItem, referenceItem, requirementItem } from './requirementsItems';
import { GROUPINGS, groupSpecFiles, isGrouping, shownGroups, shownPage, shownRequirements, type SpecFileGroup } from './requirementsModel';
import type { ServerController } from './serverController';

export const REQUIREMENTS_VIEW_ID = 'reqtrace.requirements';
const ONLY_UNCOVERED_KEY = 'reqtrace.onlyUncovered';
const GROUPING_KEY = 'reqtrace.requirementsGrouping';
const REFRESH_DELAY_MS = 200;
/** Requirements asked for at once in a group or a level of the hierarchy; a "more" node holds the rest. */
export const PAGE_SIZE = 500;

type Reference = RequirementReference;

/** Where a page of requirements comes from: a group of a folder, or the children of a requirement (null: the top). */
type PageSource = { folder: string; group?: { by: 'release' | 'tag'; key: string | null }; parent?: string | null };

/** One folder's top level: its spec files, or its groups (by release or tag); nothing more for the hierarchy. */
interface FolderTop {
  folder: string;
  name: string;
  files?: SpecFileGroup[];
  groups?: RequirementGroupItem[];
}

type Node =
  | { kind: 'folder'; id: string; top: FolderTop }
  | { kind: 'file'; id: string; group: SpecFileGroup }
  | { kind: 'group'; id: string; folder: string; by: 'release' | 'tag'; group: RequirementGroupItem }
  | { kind: 'requirement'; id: string; req: RequirementItem; folder?: string; ancestors?: readonly string[] }
  | { kind: 'more'; id: string; source: PageSource; ancestors: readonly string[]; offset: number; total: number }
  | { kind: 'reference'; id: string; req: RequirementItem; ref: Reference };

export class RequirementsTree implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changeEmitter.event;

  private readonly view: vscode.TreeView<Node>;
  private readonly disposables: vscode.Disposable[] = [];
  private onlyUncovered: boolean;
  private grouping: RequirementsGrouping;
  /** The pending or last top level; undefined when it must be fetched again. */
  private data: Promise<FolderTop[]> | undefined;
  private fetchCancellation: vscode.CancellationTokenSource | undefined;
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly server: ServerController,
    private readonly memento: vscode.Memento,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.onlyUncovered = memento.get<boolean>(ONLY_UNCOVERED_KEY, false);
    const saved = memento.get<unknown>(GROUPING_KEY, 'file');
    this.grouping = isGrouping(saved) ? saved : 'file';
    this.view = vscode.window.createTreeView(REQUIREMENTS_VIEW_ID, { treeDataProvider: this, showCollapseAll: true });
    this.applyContext();
    this.disposables.push(
      this.view,
      this.changeEmitter,
      server.onDidChangeIndex(() => this.scheduleRefresh()),
      server.onDidChangeState(() => this.refresh()),
    );
  }

  /** What the view groups by now. */
  get groupBy(): RequirementsGrouping {
    return this.grouping;
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
    this.applyContext();
    this.changeEmitter.fire(undefined);
  }

  /** Groups the view by spec file, release, tag or hierarchy, and remembers it for this workspace. */
  async setGrouping(by: RequirementsGrouping): Promise<void> {
    if (by === this.grouping) return;
    this.grouping = by;
    await this.memento.update(GROUPING_KEY, by);
    this.applyContext();
    this.refresh();
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
        return this.folderChildren(node.id, node.top);
      case 'file':
        return withUniqueIds(
          shownRequirements(await this.requirementsOf(node.group.uri), this.onlyUncovered).map((req) => ({
            kind: 'requirement',
            id: `${node.id}/${req.id}@${req.line}:${req.character}`,
            req,
          })),
        );
      case 'group':
        return this.pageNodes(node.id, { folder: node.folder, group: { by: node.by, key: node.group.key } }, [], 0);
      case 'more':
        return this.pageNodes(node.id, node.source, node.ancestors, node.offset);
      case 'requirement': {
        const children = this.hasSubRequirements(node)
          ? await this.pageNodes(node.id, { folder: node.folder!, parent: node.req.id }, [...(node.ancestors ?? []), node.req.id], 0)
          : [];
        return [...children, ...(await this.referenceNodes(node))];
      }
      case 'reference':
        return [];
    }
  }

  getTreeItem(node: Node): vscode.TreeItem {
    switch (node.kind) {
      case 'folder':
        return folderItem(node.id, node.top.name, folderCounts(node.top, this.grouping));
      case 'file':
        return fileItem(node.id, node.group);
      case 'group':
        return groupItem(node.id, node.by, node.group);
      case 'requirement':
        return requirementItem(node.id, node.req, this.grouping, node.req.referenceCount > 0 || this.hasSubRequirements(node));
      case 'more':
        return moreItem(node.id, node.offset, node.total, PAGE_SIZE);
      case 'reference':
        return referenceItem(node.id, node.req, node.ref);
    }
  }

  /** In the hierarchy, a requirement with children, unless it is its own ancestor (a parent-link cycle). */
  private hasSubRequirements(node: Extract<Node, { kind: 'requirement' }>): boolean {
    return node.folder !== undefined && (node.req.children ?? 0) > 0 && !(node.ancestors ?? []).includes(node.req.id);
  }

  private async rootChildren(): Promise<Node[]> {
    const grouping = this.grouping;
    this.data ??= this.fetch(grouping);
    const tops = await this.data;
    // With the filter, spec files without an uncovered requirement are left out, and so are folders left empty.
    const kept =
      grouping === 'file' && this.onlyUncovered
        ? tops.map((t) => ({ ...t, files: (t.files ?? []).filter((f) => f.needing > f.covered) })).filter((t) => t.files.length > 0)
        : tops;
    // The folder level appears only in multi-root workspaces, whatever the filter leaves.
    if (tops.length > 1) return withUniqueIds(kept.map((top) => ({ kind: 'folder', id: `${grouping}:${top.folder}`, top })));
    return kept[0] ? this.folderChildren(`${grouping}:`, kept[0]) : [];
  }

  private async folderChildren(parentId: string, top: FolderTop): Promise<Node[]> {
    switch (this.grouping) {
      case 'file':
        return withUniqueIds((top.files ?? []).map((group) => ({ kind: 'file', id: `${parentId}/${group.uri}`, group })));
      case 'release':
      case 'tag': {
        const by = this.grouping;
        return withUniqueIds(
          shownGroups(top.groups ?? [], this.onlyUncovered).map((group) => ({ kind: 'group', id: `${parentId}/${by}:${group.key ?? '∅'}`, folder: top.folder, by, group })),
        );
      }
      case 'hierarchy':
        return this.pageNodes(parentId, { folder: top.folder, parent: null }, [], 0);
    }
  }

  private async fetch(grouping: RequirementsGrouping): Promise<FolderTop[]> {
    this.fetchCancellation?.dispose();
    const cancellation = new vscode.CancellationTokenSource();
    this.fetchCancellation = cancellation;
    try {
      let tops: FolderTop[];
      if (grouping === 'release' || grouping === 'tag') {
        tops = (await this.server.sendRequest(RequirementGroupsRequest.type, { by: grouping }, cancellation.token)) ?? [];
      } else {
        // The hierarchy needs only the folders; their counts come with each level.
        const data = (await this.server.sendRequest(SpecFilesRequest.type, {}, cancellation.token)) ?? [];
        tops = groupSpecFiles(data, false).map((g) => ({ folder: g.folder, name: g.name, files: g.files }));
      }
      this.view.message = undefined;
      return tops;
    } catch (error) {
      if (cancellation.token.isCancellationRequested) return [];
      this.log.error('reqtrace: the requirements request failed', error);
      this.view.message = 'Could not load the requirements; see the reqtrace log.';
      return [];
    }
  }

  /** One page of a group or a level of the hierarchy, with a "more" node when there is more. */
  private async pageNodes(parentId: string, source: PageSource, ancestors: readonly string[], offset: number): Promise<Node[]> {
    const params: RequirementsParams = { ...source, offset, limit: PAGE_SIZE };
    let page: { requirements: RequirementItem[]; total: number };
    try {
      const answer = (await this.server.sendRequest(RequirementsRequest.type, params))?.[0];
      page = { requirements: answer?.requirements ?? [], total: answer?.total ?? 0 };
    } catch (error) {
      this.log.error('reqtrace: the requirements request failed', error);
      return [];
    }
    const folder = source.parent !== undefined ? source.folder : undefined;
    const nodes: Node[] = shownPage(page.requirements, this.onlyUncovered).map((req) => ({
      kind: 'requirement',
      id: `${parentId}/${req.id}@${req.file}:${req.line}`,
      req,
      folder,
      ancestors,
    }));
    const next = offset + page.requirements.length;
    if (page.requirements.length > 0 && next < page.total) nodes.push({ kind: 'more', id: `${parentId}/…${next}`, source, ancestors, offset: next, total: page.total });
    return withUniqueIds(nodes);
  }

  private async referenceNodes(node: Extract<Node, { kind: 'requirement' }>): Promise<Node[]> {
    if (node.req.referenceCount === 0) return [];
    return withUniqueIds(
      (await this.referencesOf(node.req))
        .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.character - b.character))
        .map((ref) => ({ kind: 'reference', id: `${node.id}/${ref.uri}#${ref.line}:${ref.character}`, req: node.req, ref })),
    );
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

  private applyContext(): void {
    void vscode.commands.executeCommand('setContext', ONLY_UNCOVERED_KEY, this.onlyUncovered);
    void vscode.commands.executeCommand('setContext', GROUPING_KEY, this.grouping);
    const parts: string[] = [];
    if (this.grouping !== 'file') parts.push(`by ${GROUPINGS.find((g) => g.by === this.grouping)!.label.toLowerCase()}`);
    if (this.onlyUncovered) parts.push('uncovered only');
    this.view.description = parts.length > 0 ? parts.join(' · ').replace(/^./, (c) => c.toUpperCase()) : undefined;
  }
}

/** A folder's counts for its node: over its spec files, or over its groups. */
function folderCounts(top: FolderTop, grouping: RequirementsGrouping): { needing: number; covered: number; empty: boolean } {
  // A requirement with several tags is in several groups: then the folder's counts are not their sum.
  const parts: ReadonlyArray<{ needing: number; covered: number }> = top.files ?? (grouping === 'release' ? (top.groups ?? []) : []);
  const empty = (top.files ?? top.groups ?? []).length === 0;
  return { needing: parts.reduce((n, p) => n + p.needing, 0), covered: parts.reduce((n, p) => n + p.covered, 0), empty };
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
