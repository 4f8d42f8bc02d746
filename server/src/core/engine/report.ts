/**
 * The workspace report: requirements with coverage, and diagnostics. This is
 * the JSON contract of `reqtrace check --format json`, and the model every
 * other reporter and the editor's requirements view render from.
 */
import type { Engine } from './engine';
import type { Diagnostic, Severity } from '../types';
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

/** Builds the report of the whole indexed workspace. Deterministic order. */
export function buildReport(engine: Engine, diagnostics: Diagnostic[] = engine.diagnostics()): Report {
  const requirements: ReportRequirement[] = [];
  let needing = 0;
  let needingCovered = 0;
  const oft = engine.oftStatuses();
  for (const def of engine.index.allDefinitions()) {
    const cov = engine.coverage(def);
    const counts: Record<string, number> = { impl: 0, test: 0 };
    for (const [k, n] of [...cov.counts].sort()) counts[k] = n;
    if (cov.needs.length > 0) {
      needing++;
      if (cov.covered) needingCovered++;
    }
    const req: ReportRequirement = {
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
      parents: def.parents.filter((p) => !p.relation).map((p) => p.id),
      tags: def.tags,
    };
    if (isOft(def)) req.oftStatus = oft.statusOf(def);
    requirements.push(req);
  }
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
      coverage: needing === 0 ? 100 : Math.floor((needingCovered * 1000) / needing) / 10,
    },
    requirements,
    diagnostics: diagnostics.map(toReportDiagnostic),
  };
  if (oftSummary) report.oft = oftSummary;
  return report;
}
