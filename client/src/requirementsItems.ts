/**
 * The tree items of the Requirements view: how a folder, spec file, release or tag, requirement,
 * reference or "more" node looks (label, description, icon, tooltip, command).
 */
import * as vscode from 'vscode';
import type { RequirementGroupItem, RequirementItem, RequirementReference, RequirementsGrouping } from '../../server/src/protocol';
import { openCommand, rangeAt } from './locations';
import {
  countsText,
  fileDescription,
  groupDescription,
  groupLabel,
  locationLabel,
  moreLabel,
  needsCoverage,
  requirementDescription,
  requirementState,
  type RequirementState,
  type SpecFileGroup,
} from './requirementsModel';

type Reference = RequirementReference;

/** A workspace folder (multi-root only), with the counts of what it holds. */
export function folderItem(id: string, name: string, counts: { needing: number; covered: number; empty: boolean }): vscode.TreeItem {
  const item = new vscode.TreeItem(name, vscode.TreeItemCollapsibleState.Expanded);
  item.id = id;
  item.iconPath = new vscode.ThemeIcon('root-folder');
  item.description = counts.empty ? 'no requirements' : counts.needing > 0 ? `${counts.covered}/${counts.needing} covered` : undefined;
  item.contextValue = 'folder';
  return item;
}

export function fileItem(id: string, group: SpecFileGroup): vscode.TreeItem {
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

/** A requirement; `expandable` when it has references or (in the hierarchy) children to show. */
export function requirementItem(id: string, req: RequirementItem, grouping: RequirementsGrouping, expandable: boolean): vscode.TreeItem {
  const collapsible = expandable ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None;
  const item = new vscode.TreeItem(req.id, collapsible);
  item.id = id;
  item.description = requirementDescription(req, grouping);
  item.iconPath = STATE_ICONS[requirementState(req)];
  item.tooltip = requirementTooltip(req);
  item.command = openCommand(req.uri, rangeAt(req.line, req.character, req.id.length), 'Go to Requirement');
  item.contextValue = `requirement.${requirementState(req)}`;
  return item;
}

export function referenceItem(id: string, req: RequirementItem, ref: Reference): vscode.TreeItem {
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
  md.appendMarkdown('Status: ').appendText(req.status ?? 'none').appendMarkdown(` · version ${req.version}`);
  if (req.release !== null) md.appendMarkdown(' · release ').appendText(req.release);
  md.appendMarkdown('\n\n');
  if (req.tags.length > 0) md.appendMarkdown('Tags: ').appendText(req.tags.join(', ')).appendMarkdown('\n\n');
  if (req.rollup && (req.children ?? 0) > 0) {
    md.appendMarkdown(`With its ${req.children === 1 ? 'child' : `${req.children} children`} and their descendants: ${req.rollup.covered}/${req.rollup.needing} covered\n\n`);
  }
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

/** A release or a tag, with the coverage of its requirements. */
export function groupItem(id: string, by: 'release' | 'tag', group: RequirementGroupItem): vscode.TreeItem {
  const label = groupLabel(by, group.key);
  const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.Collapsed);
  item.id = id;
  item.iconPath = new vscode.ThemeIcon(by === 'release' ? 'milestone' : 'tag');
  item.description = groupDescription(group);
  item.tooltip = `${label} — ${groupDescription(group)}`;
  item.contextValue = by === 'release' ? 'release' : 'tag';
  return item;
}

/** The node after a page that holds the next one when expanded. */
export function moreItem(id: string, shown: number, total: number, pageSize: number): vscode.TreeItem {
  const item = new vscode.TreeItem(moreLabel(shown, total, pageSize), vscode.TreeItemCollapsibleState.Collapsed);
  item.id = id;
  item.iconPath = new vscode.ThemeIcon('ellipsis');
  item.tooltip = `${shown.toLocaleString('en')} of ${total.toLocaleString('en')} shown; expand for more`;
  item.contextValue = 'more';
  return item;
}
