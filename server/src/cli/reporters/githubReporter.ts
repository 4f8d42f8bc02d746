/**
 * GitHub Actions workflow commands: one `::error`/`::warning`/`::notice`
 * annotation per diagnostic, which GitHub shows on the pull request's diff
 * and the run's summary, then the summary line as plain log text.
 *
 * Paths are relative to the workspace root; GitHub resolves them against the
 * repository root, so run reqtrace on the repository root (the default).
 */
import type { ReportDiagnostic, Severity } from '../../core';
import { renderCheckText } from '../textReporter';
import type { TraceModel } from './traceModel';

const COMMAND: Record<Severity, 'error' | 'warning' | 'notice'> = { error: 'error', warning: 'warning', info: 'notice' };

/**
 * With a baseline, the new problems come first with their severity, and the
 * existing ones follow as notices: GitHub shows only the first few
 * annotations of each kind, which must be the new ones.
 */
export function renderGithub(model: TraceModel): string {
  const diags = model.report.diagnostics;
  const ordered = diags.some((d) => d.baseline) ? [...diags.filter((d) => d.baseline !== 'existing'), ...diags.filter((d) => d.baseline === 'existing')] : diags;
  const lines = ordered.map(annotation);
  const text = renderCheckText({ ...model.report, diagnostics: [] });
  return lines.join('\n') + (lines.length ? '\n' : '') + text;
}

function annotation(d: ReportDiagnostic): string {
  const props: Array<[string, string | number]> = [
    ['file', d.file],
    ['line', d.line],
    ['col', d.column],
    ['endLine', d.endLine],
    ['endColumn', d.endColumn],
    ['title', `reqtrace ${d.code}${d.requirement ? ` (${d.requirement})` : ''}${d.baseline === 'existing' ? ' [existing]' : ''}`],
  ];
  const list = props.map(([k, v]) => `${k}=${escapeProperty(String(v))}`).join(',');
  return `::${d.baseline === 'existing' ? 'notice' : COMMAND[d.severity]} ${list}::${escapeData(d.message)}`;
}

/** Escaping of a workflow command's message (the runner's `escapeData`). */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escaping of a workflow command's property value (the runner's `escapeProperty`). */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
