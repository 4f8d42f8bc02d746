/**
 * Requirements grouped for status reporting (`report --group-by`): by tag,
 * release, status, spec file or parent, with each group's coverage. A
 * requirement with several tags (or parents) counts in each of its groups;
 * one with none falls under the key null.
 */
import { naturalCompare } from '../naturalOrder';

/** What grouping reads of a report's requirement (its row in the JSON report). */
export interface GroupableRequirement {
  id: string;
  tags: string[];
  release: string | null;
  status: string | null;
  file: string;
  parents: string[];
  needs: string[];
  covered: boolean;
}

export const GROUP_BY = ['tag', 'release', 'status', 'file', 'parent'] as const;
export type GroupBy = (typeof GROUP_BY)[number];

export interface ReportGroup {
  /** The tag, release, status, file or parent ID; null for requirements without one. */
  key: string | null;
  /** IDs of the group's requirements, in the report's order. */
  requirements: string[];
  /** Requirements of the group that need coverage. */
  needing: number;
  /** Requirements of the group that need coverage and have all of it. */
  covered: number;
  /** Percentage, rounded as the summary's (100 when none need any). */
  coverage: number;
}

/** The groups a requirement counts in: several tags (or parents) give several, none gives `[null]`. */
export function groupKeys(r: Pick<GroupableRequirement, 'tags' | 'release' | 'status' | 'file' | 'parents'>, by: GroupBy): Array<string | null> {
  switch (by) {
    case 'tag':
      return r.tags.length > 0 ? [...new Set(r.tags)] : [null];
    case 'release':
      return [r.release];
    case 'status':
      return [r.status];
    case 'file':
      return [r.file];
    case 'parent':
      return r.parents.length > 0 ? [...new Set(r.parents)] : [null];
  }
}

/** Down to one decimal, 100 when nothing is needed: the summary's rounding. */
export function coveragePercent(needing: number, covered: number): number {
  return needing === 0 ? 100 : Math.floor((covered * 1000) / needing) / 10;
}

/** Group keys in natural order (release 1.10 after 1.9), null last. */
export function compareGroupKeys(a: string | null, b: string | null): number {
  return a === null ? (b === null ? 0 : 1) : b === null ? -1 : naturalCompare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}

/**
 * The groups, sorted by key in natural order (release 1.10 after 1.9), the
 * null group last. A requirement defined twice counts once per group.
 */
export function groupRequirements(requirements: readonly GroupableRequirement[], by: GroupBy): ReportGroup[] {
  const groups = new Map<string | null, { ids: Set<string>; needing: number; covered: number }>();
  for (const r of requirements) {
    for (const key of groupKeys(r, by)) {
      let g = groups.get(key);
      if (!g) groups.set(key, (g = { ids: new Set(), needing: 0, covered: 0 }));
      if (g.ids.has(r.id)) continue;
      g.ids.add(r.id);
      if (r.needs.length > 0) {
        g.needing++;
        if (r.covered) g.covered++;
      }
    }
  }
  return [...groups]
    .sort(([a], [b]) => compareGroupKeys(a, b))
    .map(([key, g]) => ({ key, requirements: [...g.ids], needing: g.needing, covered: g.covered, coverage: coveragePercent(g.needing, g.covered) }));
}
