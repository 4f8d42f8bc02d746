/**
 * Finds requirement references inside comment spans: bare IDs
 * (`// AUTH-001`), verb forms (`@impl AUTH-001`, `Implements: A-1, A-2`,
 * `Verifies: AUTH-003`) and version pins (`AUTH-001@2`).
 */
import { forEachCommentLine } from './commentLines';
import type { IdMatcher } from './idPattern';
import type { LineIndex } from './lineIndex';
import type { CommentSpan, CoverageKind, RefCandidate } from './types';

/** Verbs and the coverage kind they name; undefined = decided by the file (test file or not). */
const VERBS: Record<string, CoverageKind | undefined> = {
  impl: 'impl',
  implements: 'impl',
  implement: 'impl',
  implemented: 'impl',
  satisfies: 'impl',
  test: 'test',
  tests: 'test',
  tested: 'test',
  verifies: 'test',
  verify: 'test',
  verified: 'test',
  validates: 'test',
  covers: undefined,
  req: undefined,
  requirement: undefined,
  requirements: undefined,
  refs: undefined,
  trace: undefined,
};

/** `@verb` or `Verb:` (the colon form is case-insensitive). */
const VERB_RE = /(?:@([A-Za-z]+)\b:?|\b([A-Za-z]+)[ \t]*:)[ \t]*/g;
/** Sticky: tried exactly at `lastIndex`, with no slice of the line per try. */
const PIN_RE = /@(\d{1,9})(?![\w.])/y;
const LIST_SEP_RE = /[ \t]*(?:,|and\b|&)?[ \t]*/y;

/**
 * Scans the comment spans of a document for reference candidates.
 * `text` is the whole document; spans index into it.
 */
export function scanReferences(
  text: string,
  spans: readonly CommentSpan[],
  ids: IdMatcher,
  lines: LineIndex,
): RefCandidate[] {
  const out: RefCandidate[] = [];
  forEachCommentLine(text, spans, (start, end) => {
    if (end > start) scanLine(text, start, end, ids, lines, out);
  });
  return out;
}

function scanLine(
  text: string,
  start: number,
  end: number,
  ids: IdMatcher,
  lines: LineIndex,
  out: RefCandidate[],
): void {
  const line = text.slice(start, end);
  const hits = ids.findAll(line);
  if (hits.length === 0) return;
  // By offset: a long line holds many IDs and verbs, and searching the list per verb is quadratic.
  const hitAt = new Map(hits.map((h) => [h.offset, h]));

  // Offsets of IDs that follow a verb, with the verb's kind.
  const explicit = new Map<number, CoverageKind | undefined>();
  VERB_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = VERB_RE.exec(line)) !== null) {
    const verb = (m[1] ?? m[2]).toLowerCase();
    if (!(verb in VERBS)) continue;
    const kind = VERBS[verb];
    let pos = m.index + m[0].length;
    // The list after the verb: ID (pin)? (sep ID (pin)?)*
    for (;;) {
      const hit = hitAt.get(pos);
      if (!hit) break;
      explicit.set(hit.offset, kind);
      pos = hit.offset + hit.id.length;
      PIN_RE.lastIndex = pos;
      const pin = PIN_RE.exec(line);
      if (pin) pos += pin[0].length;
      LIST_SEP_RE.lastIndex = pos;
      const sep = LIST_SEP_RE.exec(line);
      if (!sep || sep[0].length === 0) break;
      pos += sep[0].length;
    }
  }

  // A comment line holds no line break: one lookup gives every position on it.
  const { line: lineNo, character: column } = lines.positionAt(start);
  const range = (from: number, to: number) => ({ start: { line: lineNo, character: column + from }, end: { line: lineNo, character: column + to } });
  for (const hit of hits) {
    const after = hit.offset + hit.id.length;
    PIN_RE.lastIndex = after;
    const pinMatch = PIN_RE.exec(line);
    const cand: RefCandidate = { id: hit.id, range: range(hit.offset, after), explicit: explicit.has(hit.offset) };
    const verbKind = explicit.get(hit.offset);
    if (verbKind !== undefined) cand.verbKind = verbKind;
    if (pinMatch) {
      cand.pin = Number(pinMatch[1]);
      cand.pinRange = range(after, after + pinMatch[0].length);
    }
    out.push(cand);
  }
}
