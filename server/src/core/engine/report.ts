/**
 * The workspace report: requirements with coverage, and diagnostics. This is
 * the JSON contract of `reqtrace check --format json`, and the model every
 * other reporter and the editor's requirements view render from.
 */
import type { Engine } from './engine';
import { push } from '../listMap';
import { coveragePercent, type ReportGroup } from './reportGroups';
import { rollupOf, type RollupGraph } from './hierarchy';
import type { Diagnostic, RequirementDef, Severity } from '../types';
import { isOft, oftTotals, type OftStatus } from '../check/oftRules';

export interface ReportRequirement {
  id: string;
  title: string;
  status: string | null;
  file: string;
  /** 1-based. */
  line: number;
  version: number;
  covered: boolean;
  /** Reference counts per coverage kind; `impl` and `test` are always present. */
  references: Record<string, number>;
  /** Kinds needed ([] for draft/deprecated or `Needs: none`). */
  needs: string[];
  /** Needed kinds without any reference. */
  missing: string[];
  parents: string[];
  tags: string[];
  /** The release the requirement is planned for, or null. */
  release: string | null;
  /**
   * Coverage over the requirement and every descendant through parent links,
   * each counted once even when reachable twice: how many need coverage, and
   * how many of those have it.
   */
  rollup: { needing: number; covered: number };
  /** OpenFastTrace items only: the item's status as OFT's report gives it (only `covered` is ok). */
  oftStatus?: OftStatus;
}

export interface ReportDiagnostic {
  severity: Severity;
  code: string;
  message: string;
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  endLine: number;
  endColumn: number;
  requirement: string | null;
  /** With `check --baseline`: whether the problem is new since the baseline or already existed there. */
  baseline?: 'new' | 'existing';
}

export interface Report {
  version: 1;
  summary: {
    requirements: number;
    references: number;
    covered: number;
    uncovered: number;
    /** Requirements that need no coverage (draft, deprecated, `Needs: none`); counted as covered. */
    exempt: number;
    errors: number;
    warnings: number;
    /** Percentage of requirements that need coverage and have it (100 when none need any). */
    coverage: number;
  };
  requirements: ReportRequirement[];
  diagnostics: ReportDiagnostic[];
  /** With `report --group-by`: the requirements by tag, release, status, file or parent. */
  groups?: ReportGroup[];
  /** With OpenFastTrace items: OFT's own summary, every item its tags generate included (`not ok - 7 total, 4 defect`). */
  oft?: { total: number; defects: number };
}

export function toReportDiagnostic(d: Diagnostic): ReportDiagnostic {
  return {
    severity: d.severity,
    code: d.code,
    message: d.message,
    file: d.file,
    line: d.range.start.line + 1,
    column: d.range.start.character + 1,
    endLine: d.range.end.line + 1,
    endColumn: d.range.end.character + 1,
    requirement: d.requirement ?? null,
  };
}

/** One requirement's row of the report: its attributes and its coverage now. */
export function toReportRequirement(engine: Engine, def: RequirementDef): ReportRequirement {
  const cov = engine.coverage(def);
  const counts: Record<string, number> = { impl: 0, test: 0 };
  for (const [k, n] of [...cov.counts].sort()) counts[k] = n;
  return {
    id: def.id,
    title: def.title,
    status: def.status ?? null,
    file: def.file,
    line: def.range.start.line + 1,
    version: def.version,
    covered: cov.covered,
    references: counts,
    needs: cov.needs,
    missing: cov.missing,
    // Parents only: StrictDoc's Child relations and other related links are not the hierarchy.
    parents: def.parents.filter((p) => !p.relation).map((p) => p.id),
    tags: def.tags,
    release: def.release ?? null,
    // Filled in by buildReport, which sees the whole hierarchy.
    rollup: { needing: 0, covered: 0 },
  };
}

/** Builds the report of the whole indexed workspace. Deterministic order. */
export function buildReport(engine: Engine, diagnostics: Diagnostic[] = engine.diagnostics()): Report {
  const requirements: ReportRequirement[] = [];
  let needing = 0;
  let needingCovered = 0;
  const oft = engine.oftStatuses();
  for (const def of engine.index.allDefinitions()) {
    const row = toReportRequirement(engine, def);
    if (row.needs.length > 0) {
      needing++;
      if (row.covered) needingCovered++;
    }
    if (isOft(def)) row.oftStatus = oft.statusOf(def);
    requirements.push(row);
  }
  fillRollups(requirements);
  // Every reference in code, those to unknown IDs included.
  let references = 0;
  for (const f of engine.index.files()) {
    const entry = engine.index.entry(f);
    if (entry) references += engine.index.countedReferences(entry);
  }
  const covered = requirements.filter((r) => r.covered).length;
  const oftSummary = oftTotals(engine.index, oft);
  const report: Report = {
    version: 1,
    summary: {
      requirements: requirements.length,
      references,
      covered,
      uncovered: requirements.length - covered,
      exempt: requirements.length - needing,
      errors: diagnostics.filter((d) => d.severity === 'error').length,
      warnings: diagnostics.filter((d) => d.severity === 'warning').length,
      coverage: coveragePercent(needing, needingCovered),
    },
    requirements,
    diagnostics: diagnostics.map(toReportDiagnostic),
  };
  if (oftSummary) report.oft = oftSummary;
  return report;
}

/**
 * Fills each requirement's `rollup` from its own coverage and its
 * descendants' (the hierarchy's rule, `rollupOf`). A requirement defined
 * twice counts once, by its first definition.
 */
export function fillRollups(requirements: ReportRequirement[]): void {
  const byId = new Map<string, ReportRequirement>();
  const children = new Map<string, string[]>();
  for (const r of requirements) {
    if (byId.has(r.id)) continue;
    byId.set(r.id, r);
    for (const p of r.parents) push(children, p, r.id);
  }
  const graph: RollupGraph = {
    own: (id) => {
      const r = byId.get(id);
      return r && { needing: r.needs.length > 0, covered: r.covered };
    },
    children: (id) => children.get(id) ?? [],
  };
  const memo = new Map<string, { needing: number; covered: number }>();
  for (const r of requirements) {
    let rollup = memo.get(r.id);
    if (!rollup) memo.set(r.id, (rollup = rollupOf(r.id, graph)));
    r.rollup = { ...rollup };
  }
}
