/**
 * The index's requirements grouped by release, tag, status, file or parent,
 * straight from the definitions (no report built): the editor's Requirements
 * view asks for the groups with their counts, then for one group's
 * requirements when it is expanded. Grouping itself is `report --group-by`'s
 * (reportGroups.ts), so the view and the report always agree.
 */
import type { RequirementDef } from '../types';
import { byLocation } from '../index/workspaceIndex';
import type { Engine } from './engine';
import { hierarchyParents } from './hierarchy';
import { groupKeys, groupRequirements, type GroupableRequirement, type GroupBy, type ReportGroup } from './reportGroups';

/** A definition as grouping reads it, with its coverage now. */
export function groupableOf(engine: Engine, def: RequirementDef): GroupableRequirement {
  const cov = engine.coverage(def);
  return {
    id: def.id,
    tags: def.tags,
    release: def.release ?? null,
    status: def.status ?? null,
    file: def.file,
    parents: hierarchyParents(def),
    needs: cov.needs,
    covered: cov.covered,
  };
}

/**
 * Every group of the workspace's requirements with its counts, as
 * `groupRequirements` makes them. `pause` is awaited between requirements,
 * so a long run can yield to other work (and be given up by throwing).
 */
export async function groupDefinitions(engine: Engine, by: GroupBy, pause?: () => Promise<void>): Promise<ReportGroup[]> {
  const rows: GroupableRequirement[] = [];
  for (const def of engine.index.eachDefinition()) {
    rows.push(groupableOf(engine, def));
    if (pause) await pause();
  }
  return groupRequirements(rows, by);
}

/** The definitions in the group `key` (null: those without a tag, release…), by location. */
export function definitionsInGroup(engine: Engine, by: GroupBy, key: string | null): RequirementDef[] {
  const out: RequirementDef[] = [];
  for (const def of engine.index.eachDefinition()) {
    const row = { tags: def.tags, release: def.release ?? null, status: def.status ?? null, file: def.file, parents: hierarchyParents(def) };
    if (groupKeys(row, by).includes(key)) out.push(def);
  }
  return out.sort(byLocation);
}
