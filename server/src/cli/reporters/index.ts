/**
 * Every output format of `check` and `report`, by name. A reporter is a pure
 * function of the trace model: same workspace, same bytes. A reporter whose
 * output grows with the references (HTML) gives it in pieces.
 */
import { renderCheckText } from '../textReporter';
import { renderCsv } from './csvReporter';
import { renderGithub } from './githubReporter';
import { renderHtml } from './htmlReporter';
import { renderJunit } from './junitReporter';
import { renderMarkdown } from './markdownReporter';
import { renderSarif } from './sarifReporter';
import type { TraceModel } from './traceModel';

export const REPORTERS = {
  text: (m: TraceModel) => renderCheckText(m.report),
  json: (m: TraceModel) => JSON.stringify(m.report, null, 2) + '\n',
  sarif: renderSarif,
  junit: renderJunit,
  github: renderGithub,
  markdown: renderMarkdown,
  html: renderHtml,
  csv: renderCsv,
} satisfies Record<string, (model: TraceModel) => string | Iterable<string>>;

export type Format = keyof typeof REPORTERS;

/** Formats of `reqtrace check`. */
export const CHECK_FORMATS: readonly Format[] = ['text', 'json', 'sarif', 'junit', 'github', 'markdown', 'html', 'csv'];

/** Formats of `reqtrace report`: documents for people and spreadsheets. */
export const REPORT_FORMATS: readonly Format[] = ['html', 'csv', 'markdown', 'json'];

/** Pieces joined up to this many characters: few writes, and no string as large as the report. */
const BATCH_CHARS = 1 << 20;

/** A report, as one string or in batches of about 1 MB. */
export function render(format: Format, model: TraceModel): string | string[] {
  const out = REPORTERS[format](model);
  if (typeof out === 'string') return out;
  const batches: string[] = [];
  let pieces: string[] = [];
  let size = 0;
  for (const piece of out) {
    pieces.push(piece);
    size += piece.length;
    if (size >= BATCH_CHARS) {
      batches.push(pieces.join(''));
      pieces = [];
      size = 0;
    }
  }
  if (pieces.length > 0) batches.push(pieces.join(''));
  return batches;
}
