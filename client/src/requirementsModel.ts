/**
 * The shape of the Requirements view, computed from the server's answer: folders → spec files
 * (or releases, tags, the top of the hierarchy) → requirements, each requirement with its state,
 * and the words its nodes show. Free of `vscode` so it can be unit-tested.
 */
import type { RequirementGroupItem, RequirementItem, RequirementsGrouping, WorkspaceFolderSpecFiles } from '../../server/src/protocol';

/** How a requirement is shown; errors win over everything else. */
export type RequirementState = 'error' | 'covered' | 'uncovered' | 'exempt';

/** Statuses whose requirements need no coverage (the server's `EXEMPT_STATUSES`). */
const EXEMPT_STATUSES = new Set(['draft', 'deprecated']);

export function isExempt(req: RequirementItem): boolean {
  return req.status !== null && EXEMPT_STATUSES.has(req.status.toLowerCase());
}

/** True when the requirement needs some coverage (not exempt, not `Needs: none`). */
export function needsCoverage(req: RequirementItem): boolean {
  return !isExempt(req) && req.needs.length > 0;
}

export function isUncovered(req: RequirementItem): boolean {
  return needsCoverage(req) && !req.covered;
}

export function requirementState(req: RequirementItem): RequirementState {
  if (req.errors > 0) return 'error';
  if (!needsCoverage(req)) return 'exempt';
  return req.covered ? 'covered' : 'uncovered';
}

export interface SpecFileGroup {
  /** URI of the folder the file belongs to. */
  folder: string;
  /** URI of the spec file. */
  uri: string;
  /** Workspace-relative path. */
  file: string;
  /** Counted over all requirements of the file, filtered or not. */
  covered: number;
  needing: number;
  total: number;
}

export interface FolderGroup {
  folder: string;
  name: string;
  files: SpecFileGroup[];
}

/**
 * The top of the view: folders and their spec files, sorted by path. With
 * `onlyUncovered`, files without an uncovered requirement are left out, and
 * so are folders left empty.
 */
export function groupSpecFiles(data: readonly WorkspaceFolderSpecFiles[], onlyUncovered: boolean): FolderGroup[] {
  const folders: FolderGroup[] = [];
  for (const folder of data) {
    const files = folder.files
      .filter((f) => !onlyUncovered || f.needing > f.covered)
      .map((f): SpecFileGroup => ({ folder: folder.folder, uri: f.uri, file: f.file, covered: f.covered, needing: f.needing, total: f.requirements }))
      .sort((a, b) => compareText(a.file, b.file));
    if (files.length > 0 || !onlyUncovered) folders.push({ folder: folder.folder, name: folder.name, files });
  }
  return folders;
}

/** A spec file's requirements as the view shows them: by position, only the uncovered ones with `onlyUncovered`. */
export function shownRequirements(requirements: readonly RequirementItem[], onlyUncovered: boolean): RequirementItem[] {
  return requirements.filter((r) => !onlyUncovered || isUncovered(r)).sort((a, b) => a.line - b.line || a.character - b.character);
}

/** `3/5 covered`, or what the file holds when none of it needs coverage. */
export function fileDescription(group: SpecFileGroup): string {
  if (group.needing > 0) return `${group.covered}/${group.needing} covered`;
  return group.total === 1 ? '1 requirement, none needs coverage' : `${group.total} requirements, none needs coverage`;
}

/** `impl 2 · test 0`, in a stable order: impl, test, then the other kinds alphabetically. */
export function countsText(counts: Record<string, number>): string {
  const kinds = Object.keys(counts).sort((a, b) => kindRank(a) - kindRank(b) || compareText(a, b));
  return kinds.map((k) => `${k} ${counts[k]}`).join(' · ');
}

/** The coverage of one requirement in a few words: `covered`, `missing test`, `needs no coverage`. */
export function coverageWords(req: RequirementItem): string {
  if (!needsCoverage(req)) return 'needs no coverage';
  return req.covered ? 'covered' : `missing ${req.missing.join(', ')}`;
}

/** `src/auth.ts:12` from a relative path and a 0-based line. */
export function locationLabel(file: string, line: number): string {
  return `${file}:${line + 1}`;
}

/** The groupings the view offers, in the order the Group By picker lists them. */
export const GROUPINGS: ReadonlyArray<{ by: RequirementsGrouping; label: string; detail: string }> = [
  { by: 'file', label: 'Spec File', detail: 'Spec files, then the requirements each defines' },
  { by: 'release', label: 'Release', detail: 'The release each requirement is planned for (Release: in the spec)' },
  { by: 'tag', label: 'Tag', detail: 'Tags; a requirement with several is under each of them' },
  { by: 'hierarchy', label: 'Hierarchy', detail: 'Parent links: feature → requirement → sub-requirement, with roll-up counts' },
];

export function isGrouping(value: unknown): value is RequirementsGrouping {
  return GROUPINGS.some((g) => g.by === value);
}

/** `Release 2.1`, `No release`, `#payments`, `Untagged`. */
export function groupLabel(by: 'release' | 'tag', key: string | null): string {
  if (by === 'release') return key === null ? 'No release' : `Release ${key}`;
  return key === null ? 'Untagged' : key;
}

/** `3/5 covered`, or how many requirements there are when none needs coverage. */
export function groupDescription(group: Pick<RequirementGroupItem, 'needing' | 'covered' | 'requirements'>): string {
  if (group.needing > 0) return `${group.covered}/${group.needing} covered`;
  return group.requirements === 1 ? '1 requirement, none needs coverage' : `${group.requirements} requirements, none needs coverage`;
}

/** With `onlyUncovered`, only the groups with an uncovered requirement. */
export function shownGroups<T extends Pick<RequirementGroupItem, 'needing' | 'covered'>>(groups: readonly T[], onlyUncovered: boolean): T[] {
  return groups.filter((g) => !onlyUncovered || g.needing > g.covered);
}

/**
 * A page of a group or of a level of the hierarchy, in the server's order (by location). With
 * `onlyUncovered`: the uncovered requirements, and in the hierarchy also those with an uncovered
 * descendant (the path to it stays visible).
 */
export function shownPage(requirements: readonly RequirementItem[], onlyUncovered: boolean): RequirementItem[] {
  if (!onlyUncovered) return [...requirements];
  return requirements.filter((r) => isUncovered(r) || (r.rollup !== undefined && r.rollup.needing > r.rollup.covered));
}

/**
 * What a requirement node shows after its ID: the title; in the hierarchy, the roll-up of a
 * requirement with children (`Checkout — 3/5 covered`); grouped by tag or hierarchy, the release
 * (by spec file it is in the tooltip, and the rows read as before).
 */
export function requirementDescription(req: RequirementItem, grouping: RequirementsGrouping): string {
  let text = req.title;
  if (req.rollup && (req.children ?? 0) > 0 && req.rollup.needing > 0) text += ` — ${req.rollup.covered}/${req.rollup.needing} covered`;
  if (req.release !== null && (grouping === 'tag' || grouping === 'hierarchy')) text += ` · ${req.release}`;
  return text;
}

/** The "more" node after a page: `Next 500 of 1,234 more…`. */
export function moreLabel(shown: number, total: number, pageSize: number): string {
  const left = total - shown;
  return left <= pageSize ? `${left.toLocaleString('en')} more…` : `Next ${pageSize.toLocaleString('en')} of ${left.toLocaleString('en')} more…`;
}

function kindRank(kind: string): number {
  return kind === 'impl' ? 0 : kind === 'test' ? 1 : 2;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `reqtrace-report-my_app.html`: the report's file name for a folder name, safe on every file system. */
export function reportFileName(folderName: string): string {
  const safe = folderName.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+/, '').slice(0, 80);
  return `reqtrace-report${safe ? `-${safe}` : ''}.html`;
}
