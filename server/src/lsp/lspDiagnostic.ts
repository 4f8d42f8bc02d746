/**
 * A core diagnostic as the protocol's: the same range and message, the
 * severity mapped, `reqtrace` as the source, and the requirement in `data`
 * for the quick fixes that act on it.
 */
import type { Diagnostic as LspDiagnostic } from 'vscode-languageserver/node';
import { DiagnosticSeverity } from 'vscode-languageserver/node';
import type { Diagnostic } from '../core';

const SEVERITY = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, info: DiagnosticSeverity.Information };

export function toLspDiagnostic(d: Diagnostic): LspDiagnostic {
  return {
    range: d.range,
    severity: SEVERITY[d.severity],
    code: d.code,
    source: 'reqtrace',
    message: d.message,
    data: d.requirement ? { requirement: d.requirement } : undefined,
  };
}
