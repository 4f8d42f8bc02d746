/**
 * The formats of `reqtrace history`: `json` (the version 1 contract that
 * `report --history` reads), `csv` (one row per point, for a spreadsheet)
 * and `text` (a compact table with a bar per point, for a terminal).
 */
import { naturalCompare, type HistoryJson, type HistoryPoint } from '../../core';

export const HISTORY_REPORTERS = {
  text: renderHistoryText,
  json: (h: HistoryJson) => JSON.stringify(h, null, 2) + '\n',
  csv: renderHistoryCsv,
} satisfies Record<string, (h: HistoryJson) => string>;

export type HistoryFormat = keyof typeof HISTORY_REPORTERS;
export const HISTORY_FORMATS = Object.keys(HISTORY_REPORTERS) as HistoryFormat[];


/** Every release of any point, in natural order (1.10 after 1.9). */
function releasesOf(points: readonly HistoryPoint[]): string[] {
  return [...new Set(points.flatMap((p) => Object.keys(p.releases)))].sort(naturalCompare);
}

function csvField(s: string): string {
  // A leading = + - @ would be a formula in a spreadsheet.
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** One row per point; after the totals, two columns per release (needing, covered), empty where the release has no requirement yet. */
function renderHistoryCsv(h: HistoryJson): string {
  const releases = releasesOf(h.points);
  const header = ['commit', 'date', 'requirements', 'needing', 'covered', 'coverage', 'errors', 'warnings', ...releases.flatMap((r) => [`${r} needing`, `${r} covered`])];
  const rows = h.points.map((p) => [
    p.commit,
    p.date,
    ...[p.requirements, p.needing, p.covered, p.coverage, p.errors, p.warnings].map(String),
    ...releases.flatMap((r) => (p.releases[r] ? [String(p.releases[r].needing), String(p.releases[r].covered)] : ['', ''])),
  ]);
  return [header, ...rows].map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}

const BLOCKS = '▁▂▃▄▅▆▇█';

/** A block for a coverage percentage: the lowest for 0, the full one for 100. */
function block(coverage: number): string {
  return BLOCKS[Math.min(BLOCKS.length - 1, Math.floor((coverage / 100) * (BLOCKS.length - 1) + 1e-9))];
}

function renderHistoryText(h: HistoryJson): string {
  if (h.points.length === 0) return 'No commits in the range.\n';
  const rows = [['date', 'commit', 'reqs', 'covered', 'coverage', '', 'errors', 'warnings']];
  for (const p of h.points) {
    const bar = '█'.repeat(Math.round(p.coverage / 10)).padEnd(10, '·');
    rows.push([p.date.slice(0, 10), p.commit.slice(0, 10), String(p.requirements), `${p.covered}/${p.needing}`, `${p.coverage.toFixed(1)}%`, bar, String(p.errors), String(p.warnings)]);
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const numeric = new Set([2, 3, 4, 6, 7]);
  const lines = rows.map((r) => r.map((c, i) => (numeric.has(i) ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd());
  const first = h.points[0];
  const last = h.points[h.points.length - 1];
  const change = last.coverage - first.coverage;
  lines.push('');
  lines.push(`coverage ${h.points.map((p) => block(p.coverage)).join('')} ${first.coverage.toFixed(1)}% → ${last.coverage.toFixed(1)}% (${change >= 0 ? '+' : ''}${change.toFixed(1)}) over ${h.points.length} point${h.points.length === 1 ? '' : 's'}`);
  return lines.join('\n') + '\n';
}
