/**
 * Every output format of `check` and `report`, by name. A reporter is a pure
 * function of the trace model: same workspace, same bytes. A reporter whose
 * output grows with the workspace (JSON, SARIF, HTML) gives it in pieces,
 * made as they are written.
 */
import { renderCheckText } from '../textReporter';
import { renderCsv } from './csvReporter';
import { renderGithub } from './githubReporter';
import { renderHtml } from './htmlReporter';
import { renderJson } from './jsonReporter';
import { renderJunit } from './junitReporter';
import { renderMarkdown } from './markdownReporter';
import { renderSarif } from './sarifReporter';
import type { TraceModel } from './traceModel';

export const REPORTERS = {
  text: (m: TraceModel) => renderCheckText(m.report),
  json: (m: TraceModel) => renderJson(m.report),
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

/**
 * Pieces joined up to this many characters: few writes, and no string as
 * large as the report. Below V8's large-object size, so that a written batch
 * dies young.
 */
const BATCH_CHARS = 1 << 16;

/**
 * A report, as one string or as batches of about 64K characters made while
 * they are consumed: only the batch being written is in memory, never the
 * whole report.
 */
export function render(format: Format, model: TraceModel): string | Iterable<string> {
  const out = REPORTERS[format](model);
  return typeof out === 'string' ? out : batches(out);
}

function* batches(pieces: Iterable<string>): Generator<string> {
  let batch: string[] = [];
  let size = 0;
  for (const piece of pieces) {
    batch.push(piece);
    size += piece.length;
    if (size >= BATCH_CHARS) {
      yield batch.join('');
      batch = [];
      size = 0;
    }
  }
  if (batch.length > 0) yield batch.join('');
}
