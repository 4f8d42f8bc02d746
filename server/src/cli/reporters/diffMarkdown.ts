/**
 * `reqtrace diff --format markdown`: for a pull-request comment or a job
 * summary. A headline (coverage before → after, new and fixed problems), each
 * changed requirement with a word diff of its text, the suspects grouped by
 * requirement as file:line, and the details folded in <details>. The whole
 * stays within GitHub's comment limit (65,536 characters), with a clear note
 * when something had to be left out.
 */
import type { ReportDiagnostic } from '../../core';
import { coverageChange, fieldSummary, plural, sideLabel, wordDiff, type DiffModel } from './diffModel';
import { cell, code } from './markdownReporter';

/** GitHub's limit for a comment body, in characters. */
export const MARKDOWN_LIMIT = 65_536;

/** Kept free for the closing tags and the truncation note. */
const RESERVE = 600;

/** Places listed per requirement among the suspects before "and N more". */
const MAX_PLACES = 100;

/**
 * Collects the report's pieces while they fit: once one does not, nothing
 * more is taken but the closing tags (`close`), and a note says what was
 * left out.
 */
class Budget {
  private readonly parts: string[] = [];
  private size = 0;
  truncated = false;

  constructor(private readonly limit: number) {}

  add(piece: string): boolean {
    if (this.truncated || this.size + piece.length + 1 + RESERVE > this.limit) {
      this.truncated = true;
      return false;
    }
    this.parts.push(piece);
    this.size += piece.length + 1;
    return true;
  }

  /** A closing tag: always written (the reserve has room for it). */
  close(piece: string): void {
    this.parts.push(piece);
    this.size += piece.length + 1;
  }

  text(note: string): string {
    if (this.truncated) this.parts.push('', note);
    return this.parts.join('\n') + '\n';
  }
}

/** Escaped text with line breaks kept (`<br>`). */
function inline(s: string): string {
  return s.split(/\r?\n/).map(cell).join('<br>');
}

/** A word diff as Markdown: removed words struck through (<del>), added ones underlined (<ins>). */
function wordDiffMarkdown(before: string, after: string): string {
  return wordDiff(before, after)
    .map((p) => (p.op === 'same' ? inline(p.text) : p.op === 'removed' ? `<del>${inline(p.text)}</del>` : `<ins>${inline(p.text)}</ins>`))
    .join('');
}

function diagnosticRow(d: ReportDiagnostic): string {
  return `| ${d.severity} | ${code(d.code)} | ${cell(d.message)} | ${code(`${d.file}:${d.line}:${d.column}`)} |`;
}

export function renderDiffMarkdown(model: DiffModel, limit = MARKDOWN_LIMIT): string {
  const { diff, json } = model;
  const out = new Budget(limit);
  const newCount = diff.problems.new.length;
  const r = diff.requirements;
  out.add(`## reqtrace diff: coverage ${coverageChange(model)}, ${plural(newCount, 'new problem')}, ${diff.problems.fixed.length} fixed`);
  out.add('');
  out.add(
    [
      `${plural(r.changed.length, 'requirement')} changed, ${r.added.length} added, ${r.removed.length} removed`,
      `${plural(diff.suspects.length, 'suspect')} to review`,
      `${plural(diff.references.added.length, 'reference')} added, ${diff.references.removed.length} removed`,
    ].join(' · '),
  );
  out.add('');
  out.add(`Comparing ${sideLabel(json.base, model.baseRev)} with ${sideLabel(json.head, model.headRev)}.`);
  out.add('');

  if (r.changed.length > 0) {
    out.add(`### Changed requirements (${r.changed.length})`);
    out.add('');
    for (const c of r.changed) {
      if (!out.add(`- **${cell(c.id)}** ${cell(c.head.title)} — ${cell(fieldSummary(c).join('; '))}`)) break;
      if (c.fields.includes('title')) out.add(`  - title: ${wordDiffMarkdown(c.base.title, c.head.title)}`);
      if (c.fields.includes('text') && out.add('  <details><summary>Text</summary>')) {
        out.add('');
        out.add(`  ${wordDiffMarkdown(c.base.text, c.head.text)}`);
        out.close('');
        out.close('  </details>');
      }
    }
    out.add('');
  }

  if (diff.suspects.length > 0) {
    out.add(`### Suspects (${diff.suspects.length})`);
    out.add('');
    out.add('Places that refer to a changed requirement, or are its children, and that the change did not touch: check that they still hold.');
    out.add('');
    const groups = new Map<string, typeof diff.suspects>();
    for (const s of diff.suspects) {
      const g = groups.get(s.requirement);
      if (g) g.push(s);
      else groups.set(s.requirement, [s]);
    }
    for (const [id, list] of groups) {
      const places = list.slice(0, MAX_PLACES).map((s) => `${code(`${s.file}:${s.line}`)}${s.kind === 'child' ? ' (child)' : ''}`);
      if (list.length > MAX_PLACES) places.push(`and ${list.length - MAX_PLACES} more`);
      if (!out.add(`- **${cell(id)}** (${list[0].fields.join(', ')} changed): ${places.join(', ')}`)) break;
    }
    out.add('');
  }

  details(out, `New problems (${newCount})`, diff.problems.new, ['| Severity | Code | Message | At |', '| --- | --- | --- | --- |'], diagnosticRow);
  details(out, `Fixed problems (${diff.problems.fixed.length})`, diff.problems.fixed, ['| Severity | Code | Message | Was at |', '| --- | --- | --- | --- |'], diagnosticRow);
  const ids = [...r.added.map((id) => ({ id, what: 'added' })), ...r.removed.map((id) => ({ id, what: 'removed' }))];
  details(out, `Requirements added (${r.added.length}) and removed (${r.removed.length})`, ids, ['| Requirement | |', '| --- | --- |'], (x) => `| ${cell(x.id)} | ${x.what} |`);
  const refs = [...diff.references.added.map((x) => ({ ...x, what: 'added' })), ...diff.references.removed.map((x) => ({ ...x, what: 'removed' }))];
  details(
    out,
    `References added (${diff.references.added.length}) and removed (${diff.references.removed.length})`,
    refs,
    ['| Requirement | Kind | At | |', '| --- | --- | --- | --- |'],
    (x) => `| ${cell(x.requirement)} | ${cell(x.kind)} | ${code(`${x.file}:${x.line}`)} | ${x.what} |`,
  );
  const { base, head } = diff.coverage;
  out.add(`Coverage: ${base.covered} of ${base.needing} requirements needing coverage covered before, ${head.covered} of ${head.needing} after.`);
  return out.text(
    `> **Truncated:** this summary was cut to stay within GitHub's limit of ${MARKDOWN_LIMIT.toLocaleString('en-US')} characters. ` +
      '`reqtrace diff --format json` lists everything.',
  );
}

/** A folded table; nothing when `items` is empty. */
function details<T>(out: Budget, summary: string, items: readonly T[], head: string[], row: (item: T) => string): void {
  if (items.length === 0) return;
  if (!out.add(`<details><summary>${summary}</summary>`)) return;
  out.add('');
  for (const h of head) out.add(h);
  for (const item of items) if (!out.add(row(item))) break;
  out.close('');
  out.close('</details>');
  out.add('');
}
