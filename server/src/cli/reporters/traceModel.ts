/**
 * The traceability model the CI reporters render from: the JSON report (the
 * contract of `check --format json`, left untouched) plus what people reading
 * a report need and the JSON does not carry — the requirement text, every
 * reference location, coverage per spec file, and which requirements are
 * broken. Built once per run; every reporter is a pure function of it.
 */
import { coveragePercent, type Diagnostic, type Engine, type GroupBy, type HistoryJson, push, type Range, type Reference, type Report, type ReportDiagnostic, type ReportRequirement, toReference, toReportDiagnostic, type WorkspaceIndex } from '../../core';

export interface TraceLocation {
  /** Workspace-relative, forward slashes. */
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
}

export interface TraceReference extends TraceLocation {
  kind: string;
  pin: number | null;
}

/** `exempt`: draft, deprecated or `Needs: none` — needs no coverage. */
export type CoverageState = 'covered' | 'uncovered' | 'exempt';

export interface TraceRequirement {
  /** The requirement's row of the JSON report. */
  row: ReportRequirement;
  /** 1-based column of the ID in the definition. */
  column: number;
  /** The requirement's text (Markdown) without attribute lines. */
  text: string;
  state: CoverageState;
  /** Every reference, by location (an array shared by the definitions of one ID). */
  readonly references: readonly TraceReference[];
  /**
   * Error diagnostics inside the definition itself (duplicate ID, broken or
   * circular parent link, invalid attribute): the requirement is broken.
   */
  broken: ReportDiagnostic[];
  /** Every diagnostic that names this requirement, wherever it is. */
  problems: ReportDiagnostic[];
  /** A fragment identifier unique in the report (duplicate IDs get a suffix). */
  anchor: string;
}

export interface SpecFileCoverage {
  file: string;
  requirements: number;
  /** Requirements that need coverage. */
  needing: number;
  /** Requirements that need coverage and have all of it. */
  covered: number;
  /** Percentage, computed as `summary.coverage` is (100 when none need any). */
  coverage: number;
}

export interface TraceModel {
  /** The report as `check --format json` prints it (diagnostics limited to the run's scope). */
  report: Report;
  /** What `report.groups` groups by, with `report --group-by`. */
  groupBy?: GroupBy;
  /** With `report --history FILE`: coverage over time, as `reqtrace history --format json` wrote it (the HTML report charts it). */
  history?: HistoryJson;
  requirements: TraceRequirement[];
  specFiles: SpecFileCoverage[];
  /** The workspace folder's name (a label, not a path). */
  workspace: string;
  tool: { name: string; version: string };
}

/**
 * Builds the model. `report` is the run's report (possibly limited to some
 * files); `allDiagnostics` are the whole workspace's, so that whether a
 * requirement is broken does not depend on which files the run looked at.
 */
export function buildTraceModel(
  engine: Engine,
  report: Report,
  allDiagnostics: Diagnostic[],
  meta: { workspace: string; tool: { name: string; version: string } },
): TraceModel {
  const defs = engine.index.allDefinitions();
  if (defs.length !== report.requirements.length) {
    throw new Error(`report and index disagree: ${report.requirements.length} requirements vs ${defs.length} definitions`);
  }
  // JSON and text need only the report: the per-requirement view (a copy of
  // each diagnostic per requirement it names, anchors) is made when a
  // reporter first asks for it: 42 MB of heap at 50k requirements.
  let requirements: TraceRequirement[] | undefined;
  const model: TraceModel = {
    report,
    get requirements() {
      return (requirements ??= traceRequirements(engine, report, allDiagnostics));
    },
    specFiles: specFileCoverage(report.requirements),
    ...meta,
  };
  return model;
}

function traceRequirements(engine: Engine, report: Report, allDiagnostics: Diagnostic[]): TraceRequirement[] {
  const defs = engine.index.allDefinitions();
  const byRequirement = new Map<string, Diagnostic[]>();
  for (const d of allDiagnostics) if (d.requirement) push(byRequirement, d.requirement, d);
  const anchors = new Set<string>();
  // Only the HTML and CSV reports list references (1.2M of them at 100k files): made when first asked for.
  let refs: Map<string, TraceReference[]> | undefined;
  const referencesOf = (id: string) => (refs ??= referencesById(engine.index)).get(id) ?? NO_REFERENCES;
  return defs.map((def, i): TraceRequirement => {
    const row = report.requirements[i];
    const named = byRequirement.get(def.id) ?? [];
    const inDefinition = named.filter((d) => d.file === def.file && d.severity === 'error' && within(d.range, def.fullRange));
    return {
      row,
      column: def.range.start.character + 1,
      text: def.text,
      state: row.needs.length === 0 ? 'exempt' : row.covered ? 'covered' : 'uncovered',
      get references() {
        return referencesOf(def.id);
      },
      broken: inDefinition.map(toReportDiagnostic),
      problems: named.map(toReportDiagnostic),
      anchor: uniqueAnchor(`req-${def.id}`, anchors),
    };
  });
}

const NO_REFERENCES: readonly TraceReference[] = Object.freeze([]);

/**
 * Every reference of every defined ID, by file and position, in one pass over
 * the files in path order.
 */
export function referencesById(index: WorkspaceIndex): Map<string, TraceReference[]> {
  const entries = [...index.files()].sort().map((f) => index.entry(f)!);
  const out = index.tallyReferences(
    (): TraceReference[] => [],
    (list, entry, slot) => list.push(toTraceReference(toReference(entry, slot))),
    entries,
  );
  // A file's candidates are in the order its scanners found them, which dialects need not keep.
  for (const list of out.values()) list.sort((a, b) => (a.file === b.file ? a.line - b.line || a.column - b.column : a.file < b.file ? -1 : 1));
  return out;
}

/** A reference as the reports list it: 1-based line and column, no pin as null. */
export function toTraceReference(r: Reference): TraceReference {
  return { kind: r.kind, file: r.file, line: r.range.start.line + 1, column: r.range.start.character + 1, pin: r.pin ?? null };
}

/** The requirements of each spec file, in the model's order (a filter per spec file is quadratic at 50k requirements). */
export function requirementsByFile(model: TraceModel): Map<string, TraceRequirement[]> {
  const out = new Map<string, TraceRequirement[]>();
  for (const r of model.requirements) push(out, r.row.file, r);
  return out;
}

/** Coverage per spec file, in file order. */
export function specFileCoverage(rows: ReportRequirement[]): SpecFileCoverage[] {
  const files = new Map<string, SpecFileCoverage>();
  for (const r of rows) {
    let f = files.get(r.file);
    if (!f) files.set(r.file, (f = { file: r.file, requirements: 0, needing: 0, covered: 0, coverage: 100 }));
    f.requirements++;
    if (r.needs.length > 0) {
      f.needing++;
      if (r.covered) f.covered++;
    }
  }
  const out = [...files.values()].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  for (const f of out) f.coverage = coveragePercent(f.needing, f.covered);
  return out;
}

/** References of one coverage kind, as `file:line:col`. */
export function locationsOf(req: TraceRequirement, kind: string): string[] {
  return req.references.filter((r) => r.kind === kind).map((r) => `${r.file}:${r.line}:${r.column}`);
}

function within(inner: Range, outer: Range): boolean {
  return inner.start.line >= outer.start.line && inner.start.line <= outer.end.line;
}

function uniqueAnchor(base: string, taken: Set<string>): string {
  const clean = base.replace(/[^A-Za-z0-9_.-]/g, '_');
  let anchor = clean;
  for (let n = 2; taken.has(anchor); n++) anchor = `${clean}-${n}`;
  taken.add(anchor);
  return anchor;
}
