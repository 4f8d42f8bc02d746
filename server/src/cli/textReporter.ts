/**
 * Human-readable output: `path:line:col: severity code message` lines, as
 * compilers print them, so terminals and editors can jump to them.
 */
import type { Engine, Report } from '../core';

export function renderCheckText(report: Report): string {
  // With a baseline, each line ends with whether the problem is new since it.
  const lines = report.diagnostics.map((d) => `${d.file}:${d.line}:${d.column}: ${d.severity} ${d.code} ${d.message}${d.baseline ? ` [${d.baseline}]` : ''}`);
  const s = report.summary;
  const needing = s.requirements - s.exempt;
  const existing = report.diagnostics.filter((d) => d.baseline === 'existing').length;
  const baseline = report.diagnostics.some((d) => d.baseline) ? `; ${report.diagnostics.length - existing} new since the baseline, ${existing} existing` : '';
  // OpenFastTrace's own verdict, as `oft trace` prints it.
  const oft = report.oft;
  if (oft) lines.push(`OpenFastTrace: ${oft.defects === 0 ? `ok - ${oft.total} total` : `not ok - ${oft.total} total, ${oft.defects} defect`}`);
  lines.push(
    `${plural(s.requirements, 'requirement')}: ${s.covered - s.exempt} of ${needing} needing coverage covered (${s.coverage}%)` +
      `${s.exempt ? `, ${s.exempt} need none` : ''}; ${plural(s.references, 'reference')}; ` +
      `${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}${baseline}`,
  );
  return lines.join('\n') + '\n';
}

export function renderListText(report: Report): string {
  const rows = report.requirements.map((r) => {
    const counts = Object.entries(r.references)
      .map(([k, n]) => `${n} ${k}`)
      .join(' · ');
    let state = r.missing.length > 0 ? `uncovered: ${r.missing.join(', ')}` : r.needs.length === 0 ? 'no coverage needed' : 'covered';
    if (r.oftStatus !== undefined) state += ` (oft: ${r.oftStatus})`;
    return [r.id, r.status ?? '-', counts, state, r.title, `${r.file}:${r.line}`];
  });
  return table([['ID', 'STATUS', 'REFERENCES', 'COVERAGE', 'TITLE', 'DEFINED AT'], ...rows]);
}

export interface TraceData {
  id: string;
  definitions: Array<{ title: string; status: string | null; version: number; file: string; line: number; column: number }>;
  references: Array<{ kind: string; file: string; line: number; column: number; pin: number | null }>;
}

export function traceData(engine: Engine, id: string): TraceData {
  return {
    id,
    definitions: engine.index.definitions(id).map((d) => ({
      title: d.title,
      status: d.status ?? null,
      version: d.version,
      file: d.file,
      line: d.range.start.line + 1,
      column: d.range.start.character + 1,
    })),
    references: engine.index.references(id).map((r) => ({
      kind: r.kind,
      file: r.file,
      line: r.range.start.line + 1,
      column: r.range.start.character + 1,
      pin: r.pin ?? null,
    })),
  };
}

export function renderTraceText(data: TraceData): string {
  const out: string[] = [];
  if (data.definitions.length === 0) out.push(`${data.id}: not defined`);
  for (const d of data.definitions) {
    out.push(`${d.file}:${d.line}:${d.column}: definition ${data.id}: ${d.title} [${d.status ?? 'no status'}, v${d.version}]`);
  }
  for (const r of data.references) {
    out.push(`${r.file}:${r.line}:${r.column}: ${r.kind}${r.pin !== null ? ` (pinned @${r.pin})` : ''}`);
  }
  if (data.references.length === 0) out.push(`${data.id}: no references`);
  return out.join('\n') + '\n';
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  ')).join('\n') + '\n';
}
