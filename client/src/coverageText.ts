/**
 * Words for a coverage summary, shared by the status bar and the Show Coverage command. Free of
 * `vscode` so it can be unit-tested.
 */
import type { CoverageSummary } from '../../server/src/protocol';

/**
 * The percentage as the status bar shows it: rounded down, so 99.9 % never reads as 100 %.
 * `—` when there are no requirements at all.
 */
export function shortCoverage(summary: CoverageSummary): string {
  if (summary.requirements === 0) return '—';
  return `${Math.floor(summary.coverage)}%`;
}

/** `1 requirement`, `2 requirements`. */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** The lines of a coverage breakdown, without Markdown. */
export function coverageLines(summary: CoverageSummary): string[] {
  const lines = [plural(summary.requirements, 'requirement')];
  if (summary.needing > 0) {
    lines.push(`${summary.covered} covered / ${summary.uncovered} uncovered of ${summary.needing} needing coverage`);
  } else if (summary.requirements > 0) {
    lines.push('none needs coverage');
  }
  lines.push(plural(summary.references, 'reference'));
  lines.push(`${plural(summary.errors, 'error')}, ${plural(summary.warnings, 'warning')}`);
  return lines;
}

/** One sentence for a notification. */
export function coverageSentence(summary: CoverageSummary): string {
  if (summary.requirements === 0) return 'reqtrace found no requirements in this workspace.';
  const head = summary.needing > 0 ? `Coverage ${summary.coverage}%` : 'Nothing needs coverage';
  const tail = summary.indexing ? ' (still indexing)' : '';
  return `${head}${tail}: ${coverageLines(summary).join('; ')}.`;
}

/**
 * Coverage by release as a Markdown table (release, covered/needing, %), for the status bar's
 * tooltip; undefined when no requirement names a release.
 */
export function releaseTable(summary: CoverageSummary): string | undefined {
  const rows = summary.releases;
  if (!rows || rows.length === 0) return undefined;
  const lines = ['| Release | Covered | % |', '|:--|--:|--:|'];
  for (const r of rows) {
    const name = r.release === null ? '*no release*' : escapeCell(r.release);
    lines.push(`| ${name} | ${r.covered}/${r.needing} | ${r.needing > 0 ? `${Math.floor(r.coverage)}%` : '—'} |`);
  }
  return lines.join('\n');
}

/** A release name as table text: Markdown and HTML characters escaped, pipes kept inside the cell. */
function escapeCell(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!<>&|~]/g, (c) => `\\${c}`);
}
