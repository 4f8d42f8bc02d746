/**
 * JUnit XML, the test-report format CI systems read (GitLab, Jenkins, Azure
 * Pipelines, CircleCI, the GitHub test-report actions). One test suite per
 * spec file with one test case per requirement — failed when uncovered or
 * broken, skipped when it needs no coverage — and one suite with a failed
 * case per error diagnostic.
 */
import type { ReportDiagnostic } from '../../core';
import { requirementsByFile, type TraceModel, type TraceRequirement } from './traceModel';

interface Case {
  name: string;
  classname: string;
  file: string;
  line: number;
  failures: Array<{ type: string; message: string; body: string }>;
  skipped?: string;
}

/** The JUnit XML, a line at a time as it is written (13 MB at 50k requirements). */
export function* renderJunit(model: TraceModel): Generator<string> {
  const suites: Array<{ name: string; cases: Case[] }> = [];
  const byFile = requirementsByFile(model);
  for (const spec of model.specFiles) {
    const cases = (byFile.get(spec.file) ?? []).map(requirementCase);
    suites.push({ name: spec.file, cases });
  }
  const errors = model.report.diagnostics.filter((d) => d.severity === 'error');
  suites.push({ name: 'reqtrace diagnostics', cases: errors.map(diagnosticCase) });

  const count = (cases: Case[]) => ({
    tests: cases.length,
    failures: cases.filter((c) => c.failures.length > 0).length,
    skipped: cases.filter((c) => c.skipped !== undefined).length,
  });
  const all = count(suites.flatMap((s) => s.cases));
  yield '<?xml version="1.0" encoding="UTF-8"?>\n';
  yield `<testsuites name="reqtrace" tests="${all.tests}" failures="${all.failures}" errors="0" skipped="${all.skipped}" time="0">\n`;
  for (const [i, s] of suites.entries()) {
    const c = count(s.cases);
    yield `  <testsuite name="${attr(s.name)}" id="${i}" tests="${c.tests}" failures="${c.failures}" errors="0" skipped="${c.skipped}" time="0">\n`;
    for (const tc of s.cases) for (const line of renderCase(tc)) yield line + '\n';
    yield '  </testsuite>\n';
  }
  yield '</testsuites>\n';
}

function requirementCase(r: TraceRequirement): Case {
  const row = r.row;
  const where = `${row.file}:${row.line}:${r.column}`;
  const failures: Case['failures'] = [];
  if (r.state === 'uncovered') {
    const counts = Object.entries(row.references)
      .map(([k, n]) => `${n} ${k}`)
      .join(', ');
    failures.push({
      type: 'uncovered-requirement',
      message: `${row.id} has no ${row.missing.join(' or ')} coverage`,
      body: `${where}: ${row.id} needs ${row.needs.join(', ')}; references: ${counts}`,
    });
  }
  for (const d of r.broken) failures.push({ type: d.code, message: d.message, body: diagnosticLine(d) });
  return {
    name: `${row.id}: ${row.title}`,
    classname: row.file,
    file: row.file,
    line: row.line,
    failures,
    skipped: r.state === 'exempt' && failures.length === 0 ? `needs no coverage${exemptBecause(row.status)}` : undefined,
  };
}

/** Why a requirement needs no coverage, when its status says so. */
function exemptBecause(status: string | null): string {
  return status === 'draft' || status === 'deprecated' ? ` (${status})` : '';
}

function diagnosticCase(d: ReportDiagnostic): Case {
  return {
    name: `${d.file}:${d.line}:${d.column} ${d.code}`,
    classname: 'reqtrace diagnostics',
    file: d.file,
    line: d.line,
    failures: [{ type: d.code, message: d.message, body: diagnosticLine(d) }],
  };
}

function renderCase(tc: Case): string[] {
  const open = `    <testcase name="${attr(tc.name)}" classname="${attr(tc.classname)}" file="${attr(tc.file)}" line="${tc.line}" time="0"`;
  if (tc.failures.length === 0 && tc.skipped === undefined) return [open + '/>'];
  const out = [open + '>'];
  if (tc.skipped !== undefined) out.push(`      <skipped message="${attr(tc.skipped)}"/>`);
  if (tc.failures.length > 0) {
    // One <failure> per case: the Ant schema most readers follow allows no more.
    const type = tc.failures.map((f) => f.type).join(' ');
    const message = tc.failures.map((f) => f.message).join('; ');
    const body = tc.failures.map((f) => f.body).join('\n');
    out.push(`      <failure type="${attr(type)}" message="${attr(message)}">${text(body)}</failure>`);
  }
  out.push('    </testcase>');
  return out;
}

function diagnosticLine(d: ReportDiagnostic): string {
  return `${d.file}:${d.line}:${d.column}: ${d.severity} ${d.code} ${d.message}`;
}

/** Characters XML 1.0 cannot hold at all, even escaped. */
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function text(s: string): string {
  return s.replace(NOT_XML, '\uFFFD').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Attribute values: also quotes, and line breaks and tabs as references so parsers keep them. */
function attr(s: string): string {
  return text(s).replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}
