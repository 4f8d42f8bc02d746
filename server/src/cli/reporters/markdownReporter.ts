/**
 * A Markdown summary fit for a pull-request comment or a GitHub job summary:
 * totals, coverage per spec file, the uncovered and the broken requirements,
 * and the diagnostics folded away. Long lists are cut so the comment stays
 * under the size limits of code hosts.
 */
import type { ReportDiagnostic } from '../../core';
import type { TraceModel } from './traceModel';

/** Rows shown per list before "… and N more". */
export const MAX_ROWS = 50;

export function renderMarkdown(model: TraceModel): string {
  const s = model.report.summary;
  const needing = s.requirements - s.exempt;
  const out: string[] = [];
  out.push(`## reqtrace: ${s.coverage}% of requirements covered`, '');
  out.push(
    table(
      ['Requirements', 'Needing coverage', 'Covered', 'Uncovered', 'Need none', 'References', 'Errors', 'Warnings'],
      [[s.requirements, needing, s.covered - s.exempt, s.uncovered, s.exempt, s.references, s.errors, s.warnings].map(String)],
      'right',
    ),
  );

  const groups = model.report.groups;
  if (groups && model.groupBy) {
    out.push(`### Coverage by ${model.groupBy}`, '');
    out.push(
      table(
        [capitalised(model.groupBy), 'Requirements', 'Needing coverage', 'Covered', 'Coverage', 'Progress'],
        cut(groups, (g) => [g.key === null ? `*(no ${model.groupBy})*` : cell(g.key), String(g.requirements.length), String(g.needing), String(g.covered), g.needing === 0 ? 'none needed' : `${g.coverage}%`, g.needing === 0 ? '' : bar(g.coverage)], 6),
        'right',
      ),
    );
  }

  if (model.specFiles.length > 0) {
    out.push('### Coverage per spec file', '');
    out.push(
      table(
        ['Spec file', 'Requirements', 'Needing coverage', 'Covered', 'Coverage'],
        model.specFiles.map((f) => [code(f.file), String(f.requirements), String(f.needing), String(f.covered), `${f.coverage}%`]),
        'right',
      ),
    );
  }

  const uncovered = model.requirements.filter((r) => r.state === 'uncovered');
  out.push(`### Uncovered requirements (${uncovered.length})`, '');
  if (uncovered.length === 0) out.push('Every requirement that needs coverage has it.', '');
  else
    out.push(
      table(
        ['Requirement', 'Title', 'Missing', 'Defined at'],
        cut(uncovered, (r) => [cell(r.row.id), cell(r.row.title), cell(r.row.missing.join(', ')), code(`${r.row.file}:${r.row.line}`)], 4),
      ),
    );

  const broken = model.requirements.filter((r) => r.broken.length > 0);
  out.push(`### Broken requirements (${broken.length})`, '');
  if (broken.length === 0) out.push('No requirement has a broken definition.', '');
  else
    out.push(
      table(
        ['Requirement', 'Title', 'Problem', 'At'],
        cut(
          broken.flatMap((r) => r.broken.map((d) => ({ r, d }))),
          ({ r, d }) => [cell(r.row.id), cell(r.row.title), cell(`${d.code}: ${d.message}`), code(`${d.file}:${d.line}:${d.column}`)],
          4,
        ),
      ),
    );

  const diags = model.report.diagnostics;
  const row = (d: ReportDiagnostic) => [d.severity, code(d.code), cell(d.message), code(`${d.file}:${d.line}:${d.column}`)];
  // With a baseline: the new problems in a section of their own, and a column saying which are new.
  const baseline = diags.some((d) => d.baseline);
  if (baseline) {
    const fresh = diags.filter((d) => d.baseline === 'new');
    out.push(`### New since the baseline (${fresh.length})`, '');
    if (fresh.length === 0) out.push('No problem is new since the baseline.', '');
    else out.push(table(['Severity', 'Code', 'Message', 'At'], cut(fresh, row, 4)));
  }
  if (diags.length > 0) {
    out.push(`<details><summary>${plural(diags.length, 'diagnostic')} (${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')})</summary>`, '');
    out.push(
      baseline
        ? table(['Severity', 'Code', 'Message', 'At', 'Baseline'], cut(diags, (d) => [...row(d), d.baseline ?? ''], 5))
        : table(['Severity', 'Code', 'Message', 'At'], cut(diags, row, 4)),
    );
    out.push('</details>', '');
  }
  return out.join('\n');
}

export function table(head: string[], rows: string[][], numbers?: 'right'): string {
  const align = head.map((_, i) => (numbers === 'right' && i > 0 ? '---:' : '---'));
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(head), line(align), ...rows.map(line)].join('\n') + '\n';
}

function cut<T>(items: T[], row: (item: T) => string[], width: number): string[][] {
  const rows = items.slice(0, MAX_ROWS).map(row);
  if (items.length > MAX_ROWS) rows.push([`… and ${items.length - MAX_ROWS} more`, ...Array<string>(width - 1).fill('')]);
  return rows;
}

/**
 * Table cell text shown literally: HTML and Markdown punctuation escaped,
 * pipes escaped, line breaks folded.
 */
export function cell(s: string): string {
  return s
    .replace(/\r?\n|\r/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]|~#!])/g, '\\$1');
}

/** A code span; backticks inside fall back to escaped text. */
export function code(s: string): string {
  return s.includes('`') || /[\r\n|]/.test(s) ? cell(s) : '`' + s + '`';
}

function capitalised(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** A ten-step text bar: shows at a glance in a mail or a wiki page, where images may not. */
function bar(percent: number): string {
  const full = Math.round(percent / 10);
  return '█'.repeat(full) + '░'.repeat(10 - full);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
