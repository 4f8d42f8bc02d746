/**
 * The fixture side of the LSP tests: copying `test-fixtures/<case>/` to a temp
 * folder, its `expected.json` (shared with the CLI tests), and naming places
 * in a text by line and column.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic, Position, Range } from 'vscode-languageserver-protocol/node';

export const FIXTURES = path.resolve(__dirname, '..', '..', 'test-fixtures');

export interface WorkspaceFolderCopy {
  name: string;
  /** Absolute path of the temp copy. */
  root: string;
  uri: string;
}

/** Copies `test-fixtures/<name>` to a fresh temp folder. */
export function copyFixture(name: string): WorkspaceFolderCopy {
  const src = path.join(FIXTURES, name);
  if (!fs.existsSync(src)) throw new Error(`fixture ${src} does not exist`);
  // realpath: on macOS the temp dir is a symlink, and the server resolves links.
  const root = path.join(fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'reqtrace-lsp-'))), name);
  fs.cpSync(src, root, { recursive: true });
  return { name, root, uri: pathToFileURL(root).toString() };
}

/** The range of the `occurrence`-th `needle` in `text`. */
export function rangeIn(text: string, needle: string, occurrence = 0): Range {
  let at = -1;
  for (let i = 0; i <= occurrence; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`'${needle}' occurs fewer than ${occurrence + 1} times`);
  }
  return { start: positionAt(text, at), end: positionAt(text, at + needle.length) };
}

export function positionAt(text: string, offset: number): Position {
  const before = text.slice(0, offset).split(/\r\n|\r|\n/);
  return { line: before.length - 1, character: before[before.length - 1].length };
}

export function range(line: number, start: number, endLine: number, end: number): Range {
  return { start: { line, character: start }, end: { line: endLine, character: end } };
}

/** `file:line:col code` (1-based), the form of test-fixtures/<case>/expected.json. */
export function formatDiagnostic(rel: string, d: Diagnostic): string {
  return `${rel}:${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code}`;
}

export function describeDiagnostics(diags: Diagnostic[]): string {
  if (diags.length === 0) return '(none)';
  return diags.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code} [${d.severity}] ${d.message}`).join('; ');
}

/** Orders `file:line:col code` strings by file, then line and column as numbers. */
export function compareDiagnosticLines(a: string, b: string): number {
  const pa = /^(.*):(\d+):(\d+) (.*)$/.exec(a)!;
  const pb = /^(.*):(\d+):(\d+) (.*)$/.exec(b)!;
  if (pa[1] !== pb[1]) return pa[1] < pb[1] ? -1 : 1;
  return Number(pa[2]) - Number(pb[2]) || Number(pa[3]) - Number(pb[3]) || (pa[4] < pb[4] ? -1 : pa[4] > pb[4] ? 1 : 0);
}

/** `test-fixtures/<case>/expected.json`, shared with the CLI tests (test/cli/fixtures.test.ts). */
export interface FixtureExpectation {
  exitCode?: number;
  /** `file:line:col code` (1-based), in file and position order. */
  diagnostics: string[];
  requirements?: Record<string, { covered?: boolean; impl?: number; test?: number; status?: string | null }>;
  summary?: Record<string, number>;
}

export function expectedOf(name: string): FixtureExpectation {
  return JSON.parse(fs.readFileSync(path.join(FIXTURES, name, 'expected.json'), 'utf8')) as FixtureExpectation;
}
