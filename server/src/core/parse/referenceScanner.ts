/**
 * Finds requirement references inside comment spans: bare IDs
 * (`// AUTH-001`), verb forms (`@impl AUTH-001`, `Implements: A-1, A-2`,
 * `Verifies: AUTH-003`) and version pins (`AUTH-001@2`).
 */
import { forEachCommentLine, forEachCommentLineHolding } from './commentLines';
import type { IdMatcher } from '../idPattern';
import type { LineIndex } from '../lineIndex';
import type { CommentSpan, CoverageKind, RefCandidate } from '../types';

/**
 * Verbs and the coverage kind they name; undefined = decided by the file
 * (test file or not). A Map, not an object literal: `constructor: AUTH-1` in
 * a comment found `constructor` among an object's inherited keys, and the
 * reference's kind was the function `Object`.
 */
const VERBS = new Map<string, CoverageKind | undefined>([
  ['impl', 'impl'],
  ['implements', 'impl'],
  ['implement', 'impl'],
  ['implemented', 'impl'],
  ['satisfies', 'impl'],
  ['test', 'test'],
  ['tests', 'test'],
  ['tested', 'test'],
  ['verifies', 'test'],
  ['verify', 'test'],
  ['verified', 'test'],
  ['validates', 'test'],
  ['covers', undefined],
  ['req', undefined],
  ['requirement', undefined],
  ['requirements', undefined],
  ['refs', undefined],
  ['trace', undefined],
]);

/** `@verb` or `Verb:` (the colon form is case-insensitive). Exported for a test of verbEndingAt. */
export const VERB_RE = /(?:@([A-Za-z]+)\b:?|\b([A-Za-z]+)[ \t]*:)[ \t]*/g;
/** Sticky: tried exactly at `lastIndex`, with no slice of the line per try. */
const PIN_RE = /@(\d{1,9})(?![\w.])/y;
/** Sticky, and run with `test`: it always matches (maybe nothing), and only where it ends matters. */
const LIST_SEP_RE = /[ \t]*(?:,|and\b|&)?[ \t]*/y;
const AT = 64;

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
  const range = (line: number, from: number, to: number) => ({ start: { line, character: from }, end: { line, character: to } });
  scanReferencesInto(text, spans, ids, lines, (id, line, from, to, explicit, verbKind, pin, pinFrom, pinTo) => {
    const cand: RefCandidate = { id, range: range(line, from, to), explicit };
    if (verbKind !== undefined) cand.verbKind = verbKind;
    if (pin !== undefined) {
      cand.pin = pin;
      cand.pinRange = range(line, pinFrom, pinTo);
    }
    out.push(cand);
  });
  return out;
}

/**
 * Receives each candidate found: the ID, its line and columns, whether a
 * verb names it (and the verb's kind), and its pin with the pin's columns
 * (the `@` included). The same signature as `RefPacker.add`, which the
 * engine passes so that no object is made per candidate.
 */
export type CandidateSink = (
  id: string,
  line: number,
  from: number,
  to: number,
  explicit: boolean,
  verbKind: CoverageKind | undefined,
  pin: number | undefined,
  pinFrom: number,
  pinTo: number,
) => void;

/** `scanReferences`, handing each candidate to `sink` in document order. */
export function scanReferencesInto(text: string, spans: readonly CommentSpan[], ids: IdMatcher, lines: LineIndex, sink: CandidateSink): void {
  const scan = (start: number, end: number) => {
    if (end > start) scanLine(text, start, end, ids, lines, sink);
  };
  // Most comment lines of real code (licence headers, prose) hold no dash, which every ID of the default shape holds.
  if (ids.requiredChar !== undefined) forEachCommentLineHolding(text, spans, ids.requiredChar, scan);
  else forEachCommentLine(text, spans, scan);
}

/**
 * The IDs of the line being scanned, their offsets and verb kinds (null: no
 * verb names it): reused from line to line (the scan is never re-entered),
 * so that a line makes no array or object per ID.
 */
const hitIds: string[] = [];
const hitOffsets: number[] = [];
const hitKinds: Array<CoverageKind | undefined | null> = [];

function scanLine(
  text: string,
  start: number,
  end: number,
  ids: IdMatcher,
  lines: LineIndex,
  sink: CandidateSink,
): void {
  const line = text.slice(start, end);
  const count = ids.findInto(line, hitIds, hitOffsets);
  if (count === 0) return;

  // Whether a verb names any hit: most lines of a large workspace name bare IDs.
  let named = false;
  VERB_RE.lastIndex = 0;
  // Every verb form holds an `@` or a `:`: a bare mention (a third of the comment lines at L) runs no verb search.
  const mayHaveVerb = line.indexOf('@') >= 0 || line.indexOf(':') >= 0;
  // `test`, not `exec`: no match array per verb (see verbEndingAt).
  while (mayHaveVerb && VERB_RE.test(line)) {
    let pos = VERB_RE.lastIndex;
    const verb = verbEndingAt(line, pos).toLowerCase();
    if (!VERBS.has(verb)) continue;
    const kind = VERBS.get(verb);
    // The list after the verb: ID (pin)? (sep ID (pin)?)*
    for (;;) {
      const h = hitStartingAt(hitOffsets, count, pos);
      if (h < 0) break;
      if (!named) for (let i = 0; i < count; i++) hitKinds[i] = null;
      named = true;
      hitKinds[h] = kind;
      pos = hitOffsets[h] + hitIds[h].length;
      pos += pinLength(line, pos);
      LIST_SEP_RE.lastIndex = pos;
      if (!LIST_SEP_RE.test(line) || LIST_SEP_RE.lastIndex === pos) break;
      pos = LIST_SEP_RE.lastIndex;
    }
  }

  // A comment line holds no line break: one lookup gives every position on it.
  const { line: lineNo, character: column } = lines.positionAt(start);
  for (let h = 0; h < count; h++) {
    const id = hitIds[h];
    const after = hitOffsets[h] + id.length;
    // A pin starts with `@`: most IDs are not followed by one, and then no regex runs.
    let pinMatch: RegExpExecArray | null = null;
    if (line.charCodeAt(after) === AT) {
      PIN_RE.lastIndex = after;
      pinMatch = PIN_RE.exec(line);
    }
    const from = column + hitOffsets[h];
    const to = column + after;
    const pin = pinMatch ? Number(pinMatch[1]) : undefined;
    // `undefined` is a kind too: a verb (`covers`) that leaves the kind to the file.
    const kind = named ? hitKinds[h] : null;
    sink(id, lineNo, from, to, kind !== null, kind ?? undefined, pin, to, pinMatch ? to + pinMatch[0].length : to);
  }
}

/**
 * The verb of the VERB_RE match that ends at `end` of `line` (its first or
 * second group). Both forms end in the verb's letters, then maybe blanks
 * and a colon, then blanks; the letters start after an `@` or at a word
 * boundary, so never in the middle of a run of letters: walking back over
 * blanks, one colon, blanks, then letters finds exactly the group.
 */
export function verbEndingAt(line: string, end: number): string {
  let i = end;
  while (i > 0 && isBlank(line.charCodeAt(i - 1))) i--;
  if (i > 0 && line.charCodeAt(i - 1) === COLON) i--;
  while (i > 0 && isBlank(line.charCodeAt(i - 1))) i--;
  const verbEnd = i;
  while (i > 0 && isLetter(line.charCodeAt(i - 1))) i--;
  return line.slice(i, verbEnd);
}

const COLON = 58;
const isBlank = (c: number) => c === 32 || c === 9;
const isLetter = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

/** Length of the version pin (`@2`) at `pos` of `line`, or 0 when none is there. */
function pinLength(line: string, pos: number): number {
  if (line.charCodeAt(pos) !== AT) return 0;
  PIN_RE.lastIndex = pos;
  return PIN_RE.test(line) ? PIN_RE.lastIndex - pos : 0;
}

/** Index of the hit starting at `offset` among the first `count` (hits are in line order: a binary search, a long line holds many), or -1. */
function hitStartingAt(offsets: readonly number[], count: number, offset: number): number {
  let lo = 0;
  let hi = count - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const o = offsets[mid];
    if (o === offset) return mid;
    if (o < offset) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
