/**
 * The requirement hierarchy through parent links (feature → requirement →
 * sub-requirement): which requirements are at its top, a requirement's
 * children, and roll-up coverage over a requirement and all its descendants.
 * One roll-up rule for the report's `rollup` field and the editor's
 * Requirements view grouped by hierarchy, so both always give the same counts.
 */
import type { RequirementDef } from '../types';
import { byLocation } from '../index/workspaceIndex';
import type { Engine } from './engine';

/** Coverage over a requirement and its descendants: how many need coverage, how many of those have it. */
export interface Rollup {
  needing: number;
  covered: number;
}

/** What a roll-up reads: each requirement's own coverage and its children, by ID. */
export interface RollupGraph {
  /** Whether the requirement needs coverage and has it; undefined for an ID nobody defines. */
  own(id: string): { needing: boolean; covered: boolean } | undefined;
  children(id: string): Iterable<string>;
}

/**
 * The roll-up of `id`: its own coverage and every descendant's, each counted
 * once even when reachable twice (a diamond); a cycle visits each ID once.
 * Hierarchies are shallow, so this costs about the number of descendants.
 */
export function rollupOf(id: string, graph: RollupGraph): Rollup {
  const rollup = { needing: 0, covered: 0 };
  const seen = new Set<string>([id]);
  const stack = [id];
  while (stack.length > 0) {
    const at = stack.pop()!;
    const own = graph.own(at);
    if (own?.needing) {
      rollup.needing++;
      if (own.covered) rollup.covered++;
    }
    for (const c of graph.children(at)) {
      if (seen.has(c)) continue;
      seen.add(c);
      stack.push(c);
    }
  }
  return rollup;
}

/** The parents of the hierarchy: StrictDoc's Child relations and other related links are not part of it. */
export function hierarchyParents(def: RequirementDef): string[] {
  return def.parents.filter((p) => !p.relation).map((p) => p.id);
}

/**
 * The hierarchy of an engine's index as it is now; ask a new one after a
 * change. Each requirement's own coverage is computed once per instance, so
 * the roll-ups of many siblings sharing descendants stay cheap.
 */
export class RequirementHierarchy implements RollupGraph {
  private readonly owned = new Map<string, { needing: boolean; covered: boolean } | undefined>();

  constructor(private readonly engine: Engine) {}

  own(id: string): { needing: boolean; covered: boolean } | undefined {
    if (this.owned.has(id)) return this.owned.get(id);
    // A requirement defined twice counts once, by its first definition (as the report counts it).
    const def = this.engine.index.definition(id);
    const cov = def && this.engine.coverage(def);
    const own = cov && { needing: cov.needs.length > 0, covered: cov.covered };
    this.owned.set(id, own);
    return own;
  }

  /** IDs of the requirements that name `id` as their parent, by location, each once. */
  children(id: string): string[] {
    return [...new Set(this.childDefinitions(id).map((d) => d.id))];
  }

  /** The definitions that name `id` as their parent, by location. */
  childDefinitions(id: string): RequirementDef[] {
    return this.engine.index.children(id).filter((d) => d.parents.some((p) => p.id === id && !p.relation));
  }

  rollup(id: string): Rollup {
    return rollupOf(id, this);
  }

  /**
   * The top of the hierarchy, by location: every definition without a parent
   * that is defined. A cycle nothing outside it leads to has no such member,
   * so its first member (by location) is put at the top too; otherwise every
   * requirement would be out of sight.
   */
  roots(): RequirementDef[] {
    const { index } = this.engine;
    const roots: RequirementDef[] = [];
    for (const def of index.eachDefinition()) if (hierarchyParents(def).every((p) => !index.isDefined(p))) roots.push(def);
    const cycles = index.cycleMembers();
    if (cycles.size > 0) {
      const reached = new Set<string>();
      const reach = (id: string) => {
        const stack = [id];
        reached.add(id);
        while (stack.length > 0) for (const c of this.children(stack.pop()!)) if (!reached.has(c)) reached.add(c), stack.push(c);
      };
      for (const r of roots) if (!reached.has(r.id)) reach(r.id);
      const members = [...cycles].flatMap((id) => index.definitions(id).slice(0, 1)).sort(byLocation);
      for (const def of members) {
        if (reached.has(def.id)) continue;
        roots.push(def);
        reach(def.id);
      }
    }
    return roots.sort(byLocation);
  }
}
