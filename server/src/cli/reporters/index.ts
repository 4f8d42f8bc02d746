/**
 * Every output format of `check` and `report`, by name. A reporter is a pure
 * function of the trace model: same workspace, same bytes.
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
} satisfies Record<string, (model: TraceModel) => string>;

export type Format = keyof typeof REPORTERS;

/** Formats of `reqtrace check`. */
export const CHECK_FORMATS: readonly Format[] = ['text', 'json', 'sarif', 'junit', 'github', 'markdown', 'html', 'csv'];

/** Formats of `reqtrace report`: documents for people and spreadsheets. */
export const REPORT_FORMATS: readonly Format[] = ['html', 'csv', 'markdown', 'json'];

export function render(format: Format, model: TraceModel): string {
  return REPORTERS[format](model);
}
