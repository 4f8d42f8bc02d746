/**
 * Reads `report --history FILE`: the JSON `reqtrace history --format json`
 * writes. Anything else is a usage error (exit 2) with one line that says
 * where: the JSON's line and column, or the path of the bad field.
 */
import * as fs from 'node:fs';
import { parse as parseJsonc, type ParseError, printParseErrorCode } from 'jsonc-parser';
import type { HistoryJson, HistoryPoint } from '../../../core';
import { UsageError } from '../../usageError';

const NUMBERS = ['requirements', 'needing', 'covered', 'coverage', 'errors', 'warnings'] as const;

export function readHistoryFile(file: string): HistoryJson {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`--history ${file}: cannot read it: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  return parseHistory(text, file);
}

/** Parses and checks the history JSON; `file` names it in errors. */
export function parseHistory(text: string, file: string): HistoryJson {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    // JSON.parse's message need not say where; jsonc-parser, strict, does.
    const errors: ParseError[] = [];
    parseJsonc(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
    const first = errors[0];
    const where = first ? `:${lineColumn(text, first.offset)}: not JSON (${printParseErrorCode(first.error)})` : `: not JSON (${(e as Error).message.split('\n')[0]})`;
    throw new UsageError(`--history ${file}${where}; expected the output of reqtrace history --format json`);
  }
  const fail = (what: string): never => {
    throw new UsageError(`--history ${file}: ${what}; expected the output of reqtrace history --format json`);
  };
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return fail('not a JSON object');
  const h = json as { version?: unknown; points?: unknown };
  if (h.version !== 1) return fail(`version is ${JSON.stringify(h.version) ?? 'missing'}, not 1`);
  if (!Array.isArray(h.points)) return fail('points is not an array');
  h.points.forEach((p: unknown, k) => {
    const at = `points[${k}]`;
    if (typeof p !== 'object' || p === null) return fail(`${at} is not an object`);
    const point = p as Record<string, unknown>;
    if (typeof point.commit !== 'string') fail(`${at}.commit is not a string`);
    if (typeof point.date !== 'string' || Number.isNaN(Date.parse(point.date))) fail(`${at}.date is not a date`);
    for (const n of NUMBERS) if (typeof point[n] !== 'number' || !Number.isFinite(point[n])) fail(`${at}.${n} is not a number`);
    const releases = point.releases ?? {};
    if (typeof releases !== 'object' || releases === null || Array.isArray(releases)) return fail(`${at}.releases is not an object`);
    for (const [name, c] of Object.entries(releases)) {
      const cov = c as Record<string, unknown> | null;
      if (typeof cov !== 'object' || cov === null || typeof cov.needing !== 'number' || typeof cov.covered !== 'number') fail(`${at}.releases[${JSON.stringify(name)}] is not {needing, covered}`);
    }
    point.releases = releases;
    return undefined;
  });
  return { version: 1, points: h.points as HistoryPoint[] };
}

function lineColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `${before.length}:${before[before.length - 1].length + 1}`;
}
