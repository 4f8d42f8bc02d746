/**
 * The formats of `reqtrace diff`: `text` for terminals, `json` (the version 1
 * contract), `github` (workflow annotations on the suspect lines and the new
 * problems, then the text) and `markdown` (for a pull-request comment or a
 * job summary, see diffMarkdown.ts).
 */
import type { ReportDiagnostic, Severity } from '../../core';
import { renderDiffMarkdown } from './diffMarkdown';
import { coverageChange, fieldSummary, sideLabel, wordDiff, type DiffModel } from './diffModel';
import { escapeData, escapeProperty } from './githubReporter';

export const DIFF_REPORTERS = {
  text: renderDiffText,
  json: (m: DiffModel) => JSON.stringify(m.json, null, 2) + '\n',
  markdown: renderDiffMarkdown,
  github: renderDiffGithub,
} satisfies Record<string, (model: DiffModel) => string>;

export type DiffFormat = keyof typeof DIFF_REPORTERS;
export const DIFF_FORMATS = Object.keys(DIFF_REPORTERS) as DiffFormat[];

/** A word diff for a terminal, as `git diff --word-diff` writes it: `[-old-]{+new+}`. */
function wordDiffText(before: string, after: string): string {
  return wordDiff(before, after)
    .map((p) => (p.op === 'same' ? p.text : p.op === 'removed' ? `[-${p.text}-]` : `{+${p.text}+}`))
    .join('');
}

function diagnosticLine(d: ReportDiagnostic): string {
  return `${d.file}:${d.line}:${d.column}: ${d.severity} ${d.code} ${d.message}`;
}

export function renderDiffText(model: DiffModel): string {
  const { diff, json } = model;
  const out: string[] = [];
  out.push(`reqtrace diff ${sideLabel(json.base, model.baseRev)} → ${sideLabel(json.head, model.headRev)}`);
  const { base, head } = diff.coverage;
  out.push(`coverage: ${coverageChange(model)} (${base.covered} of ${base.needing} → ${head.covered} of ${head.needing} needing coverage covered)`);
  const r = diff.requirements;
  out.push(`requirements: ${r.added.length} added, ${r.removed.length} removed, ${r.changed.length} changed`);
  for (const id of r.added) out.push(`  + ${id}`);
  for (const id of r.removed) out.push(`  - ${id}`);
  for (const c of r.changed) {
    out.push(`  ~ ${c.id}: ${fieldSummary(c).join('; ')}`);
    if (c.fields.includes('title')) out.push(`      title: ${wordDiffText(c.base.title, c.head.title)}`);
    if (c.fields.includes('text')) for (const line of wordDiffText(c.base.text, c.head.text).split('\n')) out.push(`      ${line}`);
  }
  out.push(`suspects: ${diff.suspects.length}${diff.suspects.length ? ' (places that refer to a changed requirement and the change did not touch)' : ''}`);
  for (const s of diff.suspects) out.push(`  ${s.file}:${s.line}: ${s.requirement} ${s.kind} (${s.fields.join(', ')} changed)`);
  const refs = diff.references;
  out.push(`references: ${refs.added.length} added, ${refs.removed.length} removed`);
  for (const x of refs.added) out.push(`  + ${x.file}:${x.line}: ${x.requirement} ${x.kind}`);
  for (const x of refs.removed) out.push(`  - ${x.file}:${x.line}: ${x.requirement} ${x.kind}`);
  out.push(`problems: ${diff.problems.new.length} new, ${diff.problems.fixed.length} fixed`);
  for (const d of diff.problems.new) out.push(`  new   ${diagnosticLine(d)}`);
  for (const d of diff.problems.fixed) out.push(`  fixed ${diagnosticLine(d)}`);
  return out.join('\n') + '\n';
}

const COMMAND: Record<Severity, 'error' | 'warning' | 'notice'> = { error: 'error', warning: 'warning', info: 'notice' };

function annotation(command: string, props: Array<[string, string | number]>, message: string): string {
  return `::${command} ${props.map(([k, v]) => `${k}=${escapeProperty(String(v))}`).join(',')}::${escapeData(message)}`;
}

/** Annotations on every suspect line (warnings) and every new problem (its severity), then the text. */
export function renderDiffGithub(model: DiffModel): string {
  const lines: string[] = [];
  for (const d of model.diff.problems.new) {
    const title = `reqtrace ${d.code}${d.requirement ? ` (${d.requirement})` : ''}`;
    lines.push(annotation(COMMAND[d.severity], [['file', d.file], ['line', d.line], ['col', d.column], ['endLine', d.endLine], ['endColumn', d.endColumn], ['title', title]], d.message));
  }
  for (const s of model.diff.suspects) {
    const what = s.kind === 'child' ? 'this child requirement' : `this ${s.kind} reference`;
    lines.push(
      annotation('warning', [['file', s.file], ['line', s.line], ['title', `reqtrace suspect (${s.requirement})`]], `${s.requirement} changed (${s.fields.join(', ')}): review ${what}`),
    );
  }
  return lines.map((l) => l + '\n').join('') + renderDiffText(model);
}
