/**
 * CSV for spreadsheets: one row per requirement (RFC 4180: CRLF line ends,
 * fields with commas, quotes or line breaks quoted, quotes doubled).
 * Multi-valued cells (`missing`, locations) are joined with `; `.
 *
 * A text cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage
 * return gets a leading `'`, so a spreadsheet shows it instead of running it
 * as a formula (requirement titles come from the repository, not from us).
 */
import { push } from '../../core';
import { locationsOf, type TraceModel } from './traceModel';

export const CSV_COLUMNS = [
  'id',
  'title',
  'status',
  'version',
  'file',
  'line',
  'covered',
  'impl',
  'test',
  'missing',
  'impl_locations',
  'test_locations',
  'release',
] as const;

/**
 * With `report --group-by`, a first column `group` holds the group's key
 * (empty for requirements without one), and a requirement in several groups
 * (several tags or parents) has a row in each.
 */
export function renderCsv(model: TraceModel): string {
  const groups = model.report.groups;
  const rows: string[][] = [groups ? ['group', ...CSV_COLUMNS] : [...CSV_COLUMNS]];
  const rowsOf = new Map<string, string[][]>();
  for (const r of model.requirements) {
    const row = r.row;
    const cells = [
      text(row.id),
      text(row.title),
      text(row.status ?? ''),
      String(row.version),
      text(row.file),
      String(row.line),
      String(row.covered),
      String(row.references.impl ?? 0),
      String(row.references.test ?? 0),
      text(row.missing.join('; ')),
      text(locationsOf(r, 'impl').join('; ')),
      text(locationsOf(r, 'test').join('; ')),
      text(row.release ?? ''),
    ];
    if (!groups) rows.push(cells);
    else push(rowsOf, row.id, cells);
  }
  for (const g of groups ?? []) {
    for (const id of g.requirements) for (const cells of rowsOf.get(id) ?? []) rows.push([text(g.key ?? ''), ...cells]);
  }
  return rows.map((r) => r.map(field).join(',')).join('\r\n') + '\r\n';
}

function text(s: string): string {
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
}

function field(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
