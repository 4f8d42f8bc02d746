/**
 * Shared pieces of the fuzz and property tests: run counts and seed from the
 * environment (fixed in CI, random under `npm run fuzz`), input generators
 * (random text mixed with the tokens of a format, and mutations of valid
 * samples), and the invariants every parser result must satisfy.
 *
 * - `REQTRACE_FUZZ_SEED`: the fast-check seed (default 42, so CI is repeatable).
 * - `REQTRACE_FUZZ_RUNS`: runs per property (default: each test's own small count).
 */
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { LineIndex } from '../../server/src/core/lineIndex';
import type { CommentSpan, Range } from '../../server/src/core/types';

/** Inputs tried and the slowest one, summed over every property (scripts/fuzz.ts prints them). */
export const fuzzStats = { inputs: 0, slowestMs: 0, slowest: '' };

/** Time one input may take, for inputs up to ~10 KB. Generous: CI machines are slow and noisy. */
export const INPUT_TIME_LIMIT_MS = 200;

export function fuzzSeed(): number {
  const s = process.env.REQTRACE_FUZZ_SEED;
  return s !== undefined && s !== '' ? Number(s) : 42;
}

/**
 * Runs of one property: `REQTRACE_FUZZ_RUNS` scaled by `weight` (heavier
 * properties run fewer times), else `ciRuns`.
 */
export function fuzzRuns(ciRuns: number, weight = 1): number {
  const env = process.env.REQTRACE_FUZZ_RUNS;
  if (env === undefined || env === '') return ciRuns;
  return Math.max(1, Math.round(Number(env) * weight));
}

/** fast-check parameters: the seed, the run count, and no time-based shrinking surprises. */
export function fuzzParams(ciRuns: number, weight = 1): fc.Parameters<unknown> {
  return { seed: fuzzSeed(), numRuns: fuzzRuns(ciRuns, weight), endOnFailure: false };
}

/** Runs `fn` on one input, counting it and failing when it takes longer than `limitMs`. */
export function timed<T>(what: string, input: string, fn: () => T, limitMs = INPUT_TIME_LIMIT_MS): T {
  const start = performance.now();
  const result = fn();
  const ms = performance.now() - start;
  fuzzStats.inputs++;
  if (ms > fuzzStats.slowestMs) {
    fuzzStats.slowestMs = ms;
    fuzzStats.slowest = what;
  }
  if (ms > limitMs) {
    // Once more: the first call of a code path pays for compilation, and CI machines stall.
    const again = performance.now();
    fn();
    const ms2 = performance.now() - again;
    assert.ok(ms2 <= limitMs, `${what}: ${ms.toFixed(0)} ms then ${ms2.toFixed(0)} ms (limit ${limitMs}) for ${input.length} chars: ${JSON.stringify(input.slice(0, 200))}`);
  }
  return result;
}

// ---------------------------------------------------------------- generators

/** Line breaks of every kind, and characters parsers trip on. */
export const SPECIAL_TOKENS = ['\n', '\r\n', '\r', '\t', ' ', '  ', '\uFEFF', '\u2028', '\0', '\\', '\\\n', 'é', '😀', '\uD800', '\uDC00', '\u0301', '\u200B'];

/** Requirement IDs and verbs of the house format. */
export const ID_TOKENS = ['AUTH-1', 'AUTH-001', 'AUTH-01', 'API-AUTH-12', 'REQ-1', 'JIRA-7', 'A-1', 'AUTH-1@2', 'AUTH-', '-1', '@impl ', '@test ', '@covers ', 'Implements: ', 'Verifies: ', 'Refs: ', ', ', ' and ', '&'];

/** Comment and string delimiters of every language family. */
export const DELIMITER_TOKENS = [
  '//', '/*', '*/', '/**', '#', '--', '--[[', ']]', '--[==[', ';', '%', '%{', '%}', '<!--', '-->', "'", '"', '`', '"""', "'''",
  '${', '#{', '\\(', '$(', '{', '}', '(', ')', '[', ']', '<', '>', '/>', '</', 'r#"', '"#', '@"', '$"', 'R"(', ')"', '<<EOF\n', '\nEOF\n',
  '{-', '-}', '(*', '*)', 'REM ', '=begin\n', '\n=end\n', '=pod\n', '\n=cut\n', '?>', '<?php ', '<script>', '</script>', '<style>', '|\n', '>-\n',
  'x', 'a', '0', '=', ':', '/', '*', '-', '$', '@', '?', '!', '.', ',',
];

/** Markdown spec structure. */
export const MARKDOWN_TOKENS = [
  '# ', '## ', '### ', '###### ', '####### ', '## AUTH-1: Title\n', '## AUTH-2 Title ##\n', 'Status: approved\n', 'Status: deprecated\n', 'Status: bogus\n',
  'Status:\n', 'Parent: AUTH-1\n', 'Parents: AUTH-1, AUTH-2, x y\n', 'Needs: impl, test\n', 'Needs: none\n', 'Version: 2\n', 'Version: 0\n', 'Version: -1\n',
  'Tags: a, b\n', '**Status:** approved\n', '- Parent: AUTH-1\n', '```\n', '~~~\n', '````md\n', '    ', '> ', '---\n', '...\n', '<!--\n', '-->\n',
  '<pre>\n', '</pre>\n', '1. ', '- ', '* ', '+ ', '\n\n',
];

/** YAML spec and config structure. */
export const YAML_TOKENS = [
  'requirements:\n', '  - id: AUTH-1\n', '    title: T\n', '    status: approved\n', '    status: [x]\n', '    parent: AUTH-2\n', '    parents: [AUTH-1, AUTH-9]\n',
  '    needs: [impl, test]\n', '    needs: none\n', '    version: 2\n', '    version: 2.0\n', '    tags: [a]\n', '    description: |\n      text\n',
  '  - ', '- ', 'id: ', '&a ', '*a', '<<: *a\n', '&x [*x]', '!!str ', '!!binary ', '? ', ': ', '{', '}', '[', ']', ',', '"', "'", '|', '>', '%YAML 1.2\n',
  '---\n', '...\n', '#', '~', 'null', '\t', 'specs: ', 'sources: ', 'exclude: ', 'tests: ', 'idPattern: ', 'needs: ', 'severity: ', 'maxFileSize: ',
  'dialects: ', '"[A-Z]+-[0-9]+"', "'(A+)+'", '"(a|a)*$"', '"\\\\d+"', 'error', 'off', 'unknown-requirement: ', '1e309', '-1', '0x10', '5242880',
];

/** One piece of generated text: a token, a short random string or a line break. */
function piece(tokens: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...tokens) },
    { weight: 2, arbitrary: fc.constantFrom(...SPECIAL_TOKENS) },
    { weight: 2, arbitrary: fc.string({ unit: 'grapheme-ascii', maxLength: 8 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 4 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 3 }) },
  );
}

/** Text made of `tokens`, random strings and line breaks; at most ~`maxPieces` pieces (~10 KB at 600). */
export function tokenText(tokens: readonly string[], maxPieces = 600): fc.Arbitrary<string> {
  // Mostly short texts (fast, and they shrink well), sometimes long ones.
  return fc
    .oneof(
      { weight: 3, arbitrary: fc.array(piece(tokens), { maxLength: maxPieces }) },
      { weight: 1, arbitrary: fc.array(piece(tokens), { maxLength: maxPieces * 4, size: 'max' }) },
    )
    .map((parts) => parts.join(''));
}

/** Purely random text of every kind of character. */
export function randomText(): fc.Arbitrary<string> {
  return fc.oneof(
    fc.string({ unit: 'binary', maxLength: 2000 }),
    fc.string({ unit: 'binary', maxLength: 2000, size: 'max' }),
    fc.string({ unit: 'grapheme', maxLength: 500, size: 'large' }),
    fc.string({ unit: 'binary-ascii', maxLength: 8000, size: 'max' }),
    fc.string({ unit: fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)), maxLength: 20 }),
  );
}

type Mutation =
  | { op: 'insert'; at: number; text: string }
  | { op: 'delete'; at: number; length: number }
  | { op: 'duplicate'; at: number; length: number; to: number }
  | { op: 'truncate'; at: number };

/** A valid sample with a few random edits: text inserted, deleted, duplicated or cut off. */
export function mutated(samples: readonly string[], tokens: readonly string[]): fc.Arbitrary<string> {
  const mutation: fc.Arbitrary<Mutation> = fc.oneof(
    fc.record({ op: fc.constant('insert' as const), at: fc.nat(), text: piece(tokens) }),
    fc.record({ op: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
    fc.record({ op: fc.constant('duplicate' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 200 }), to: fc.nat() }),
    fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
  );
  return fc
    .tuple(fc.constantFrom(...samples), fc.array(mutation, { minLength: 1, maxLength: 30, size: 'medium' }))
    .map(([sample, mutations]) => mutations.reduce(applyMutation, sample));
}

function applyMutation(text: string, m: Mutation): string {
  const at = m.at % (text.length + 1);
  switch (m.op) {
    case 'insert':
      return text.slice(0, at) + m.text + text.slice(at);
    case 'delete':
      return text.slice(0, at) + text.slice(at + m.length);
    case 'duplicate': {
      const chunk = text.slice(at, at + m.length);
      const to = m.to % (text.length + 1);
      return text.slice(0, to) + chunk + text.slice(to);
    }
    case 'truncate':
      return text.slice(0, at);
  }
}

/** Generated text, mutated samples and random text, in proportions that favour the format. */
export function formatInput(samples: readonly string[], tokens: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 4, arbitrary: mutated(samples, tokens) },
    { weight: 4, arbitrary: tokenText(tokens) },
    { weight: 1, arbitrary: randomText() },
  );
}

// ---------------------------------------------------------------- invariants

/** A document's lines as LSP sees them (`\n`, `\r\n` and a lone `\r` end a line). */
export class Doc {
  readonly lines: LineIndex;
  constructor(readonly text: string) {
    this.lines = new LineIndex(text);
  }
  lineLength(line: number): number {
    return this.lines.lineEnd(line) - this.lines.lineStart(line);
  }
}

/** `range` lies inside `doc`: lines exist, characters within their line, start not after end. */
export function assertRangeInside(doc: Doc, range: Range, what: string): void {
  const { start, end } = range;
  for (const [name, p] of [['start', start], ['end', end]] as const) {
    assert.ok(Number.isInteger(p.line) && Number.isInteger(p.character), `${what}: ${name} ${JSON.stringify(p)} is not integral`);
    assert.ok(p.line >= 0 && p.line < doc.lines.lineCount, `${what}: ${name} line ${p.line} outside 0..${doc.lines.lineCount - 1}`);
    assert.ok(
      p.character >= 0 && p.character <= doc.lineLength(p.line),
      `${what}: ${name} ${p.line}:${p.character} past the end of its line (${doc.lineLength(p.line)})`,
    );
  }
  assert.ok(start.line < end.line || (start.line === end.line && start.character <= end.character), `${what}: start ${JSON.stringify(start)} after end ${JSON.stringify(end)}`);
}

/** Spans lie inside the text, are non-empty, in order and do not overlap. */
export function assertSpansOrdered(text: string, spans: readonly CommentSpan[], what: string): void {
  let prevEnd = 0;
  for (const s of spans) {
    assert.ok(Number.isInteger(s.start) && Number.isInteger(s.end), `${what}: span ${JSON.stringify(s)} not integral`);
    assert.ok(s.start >= prevEnd, `${what}: span ${JSON.stringify(s)} overlaps or precedes the previous one (ending at ${prevEnd})`);
    assert.ok(s.start < s.end, `${what}: empty or reversed span ${JSON.stringify(s)}`);
    assert.ok(s.end <= text.length, `${what}: span ${JSON.stringify(s)} past the end (${text.length})`);
    prevEnd = s.end;
  }
}

/** Text without one leading byte-order mark: the document the parsers' positions refer to. */
export function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
