/**
 * SARIF 2.1.0, for GitHub code scanning and other static-analysis viewers.
 * One rule per diagnostic code; one result per diagnostic, located by a
 * workspace-relative URI against the `%SRCROOT%` base, with the requirement
 * ID in the result's properties.
 */
import type { DiagnosticCode, ReportDiagnostic, Severity } from '../../core';
import { renderJson } from './jsonReporter';
import { allRules } from './rules';
import type { TraceModel } from './traceModel';

/** The base the relative URIs resolve against: the workspace root. */
export const SRCROOT = '%SRCROOT%';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

export function renderSarif(model: TraceModel): Iterable<string> {
  const rules = allRules();
  const ruleIndex = new Map<DiagnosticCode, number>(rules.map((r, i) => [r.code, i]));
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: model.tool.name,
            version: model.tool.version,
            semanticVersion: model.tool.version,
            rules: rules.map((r) => ({
              id: r.code,
              name: r.name,
              shortDescription: { text: r.short },
              fullDescription: { text: r.full },
              help: { text: r.help.replace(/`/g, ''), markdown: r.help },
              defaultConfiguration: { level: LEVEL[r.defaultSeverity] },
              properties: { tags: ['traceability', 'requirements'] },
            })),
          },
        },
        columnKind: 'utf16CodeUnits',
        results: model.report.diagnostics.map((d) => result(d, ruleIndex.get(d.code as DiagnosticCode))),
        properties: { summary: model.report.summary },
      },
    ],
  };
  return renderJson(log);
}

function result(d: ReportDiagnostic, ruleIndex: number | undefined) {
  return {
    ruleId: d.code,
    ...(ruleIndex === undefined ? {} : { ruleIndex }),
    level: LEVEL[d.severity],
    message: { text: d.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: fileUri(d.file), uriBaseId: SRCROOT },
          region: { startLine: d.line, startColumn: d.column, endLine: d.endLine, endColumn: d.endColumn },
        },
      },
    ],
    ...(d.requirement ? { properties: { requirement: d.requirement } } : {}),
    // With `--baseline`: SARIF's own way of telling new results from those that were already there.
    ...(d.baseline ? { baselineState: d.baseline === 'new' ? 'new' : 'unchanged' } : {}),
  };
}

/** A relative URI reference for a workspace-relative path: each segment percent-encoded. */
export function fileUri(file: string): string {
  return file.split('/').map(encodeURIComponent).join('/');
}
