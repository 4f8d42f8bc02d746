/**
 * A file's reference candidates in compact form. A large workspace has
 * millions of candidates; as objects (a candidate, its range, two positions)
 * they cost about 150 bytes each, four garbage-collected objects apiece, and
 * make every copy between threads and to the cache slow. Packed, a candidate
 * is six 32-bit integers in one typed array per file, with the file's
 * distinct strings (IDs, verb kinds, pin prefixes) beside it. Version pins
 * are rare: they follow the candidates in the same array.
 *
 * Layout of `data`: [count, count × STRIDE candidate ints, PIN_STRIDE ints per pinned candidate].
 *
 * Packing is lossless: `unpackRefs(packRefs(cs))` equals `cs`. Readers that
 * only need an ID, a position or a flag read the integers directly and
 * allocate nothing; the rest materialise a `RefCandidate` per slot.
 */
import type { Position, Range, RefCandidate } from './types';

/** Integers per candidate: string index of the ID, start line, start column, end line, end column, flags. */
const STRIDE = 6;
/** Offsets within a candidate, after the count that heads the array. */
const ID = 1, START_LINE = 2, START_CHAR = 3, END_LINE = 4, END_CHAR = 5, FLAGS = 6;

/** Integers per pinned candidate: slot, pin, pin range (4), pin prefix string index (-1: the default `@`). */
const PIN_STRIDE = 7;

const EXPLICIT = 1;
const HAS_PIN = 2;
const HAS_PIN_RANGE = 4;
/** The verb kind's string index + 1 is stored from this bit up (0: no verb kind). */
const VERB_SHIFT = 3;

export interface PackedRefs {
  /** Distinct strings of this file's candidates, referred to by index. */
  strings: string[];
  /** The candidates in the order they were found, then the pins by increasing slot (see the layout above). */
  data: Int32Array;
}

export const NO_REFS: PackedRefs = Object.freeze({ strings: Object.freeze([]) as unknown as string[], data: new Int32Array(1) });

export function packRefs(cands: readonly RefCandidate[]): PackedRefs {
  if (cands.length === 0) return NO_REFS;
  const strings: string[] = [];
  const indexOf = new Map<string, number>();
  const intern = (s: string) => {
    let i = indexOf.get(s);
    if (i === undefined) {
      indexOf.set(s, (i = strings.length));
      strings.push(ownCopy(s));
    }
    return i;
  };
  const pinned = cands.reduce((n, c) => n + (c.pin === undefined ? 0 : 1), 0);
  const data = new Int32Array(1 + cands.length * STRIDE + pinned * PIN_STRIDE);
  data[0] = cands.length;
  let pinAt = 1 + cands.length * STRIDE;
  cands.forEach((c, slot) => {
    const o = slot * STRIDE;
    data[o + ID] = intern(c.id);
    data[o + START_LINE] = c.range.start.line;
    data[o + START_CHAR] = c.range.start.character;
    data[o + END_LINE] = c.range.end.line;
    data[o + END_CHAR] = c.range.end.character;
    let flags = c.explicit ? EXPLICIT : 0;
    if (c.verbKind !== undefined) flags |= (intern(c.verbKind) + 1) << VERB_SHIFT;
    if (c.pin !== undefined) {
      flags |= HAS_PIN;
      if (c.pinRange) flags |= HAS_PIN_RANGE;
      const r = c.pinRange ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
      data.set([slot, c.pin, r.start.line, r.start.character, r.end.line, r.end.character, c.pinPrefix === undefined ? -1 : intern(c.pinPrefix)], pinAt);
      pinAt += PIN_STRIDE;
    }
    data[o + FLAGS] = flags;
  });
  return { strings, data };
}

/**
 * A copy of `s` that does not keep a larger string alive. V8 makes a
 * substring of 13 characters or more a view into its parent: an ID sliced
 * from a file's text would keep the whole text in memory for as long as the
 * index holds the ID. Concatenating then slicing forces a fresh copy.
 */
function ownCopy(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1);
}

export function refCount(p: PackedRefs): number {
  return p.data[0];
}

/** Index in `strings` of the slot's ID. */
export function refIdIndex(p: PackedRefs, slot: number): number {
  return p.data[slot * STRIDE + ID];
}

export function refId(p: PackedRefs, slot: number): string {
  return p.strings[p.data[slot * STRIDE + ID]];
}

export function refExplicit(p: PackedRefs, slot: number): boolean {
  return (p.data[slot * STRIDE + FLAGS] & EXPLICIT) !== 0;
}

export function refVerbKind(p: PackedRefs, slot: number): string | undefined {
  const k = p.data[slot * STRIDE + FLAGS] >>> VERB_SHIFT;
  return k === 0 ? undefined : p.strings[k - 1];
}

/** Where the slot's pin starts in `data`, or -1 when it has no pin. */
function pinOffset(p: PackedRefs, slot: number): number {
  const d = p.data;
  if ((d[slot * STRIDE + FLAGS] & HAS_PIN) === 0) return -1;
  const first = 1 + d[0] * STRIDE;
  let lo = 0;
  let hi = (d.length - first) / PIN_STRIDE - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = d[first + mid * PIN_STRIDE];
    if (s === slot) return first + mid * PIN_STRIDE;
    if (s < slot) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

export function refPin(p: PackedRefs, slot: number): number | undefined {
  const o = pinOffset(p, slot);
  return o < 0 ? undefined : p.data[o + 1];
}

export function refRange(p: PackedRefs, slot: number): Range {
  const o = slot * STRIDE;
  const d = p.data;
  return { start: { line: d[o + START_LINE], character: d[o + START_CHAR] }, end: { line: d[o + END_LINE], character: d[o + END_CHAR] } };
}

/** The start line of a slot's range. */
export function refLine(p: PackedRefs, slot: number): number {
  return p.data[slot * STRIDE + START_LINE];
}

/** True when the slot's range holds `pos` (its ends included). */
export function refContains(p: PackedRefs, slot: number, pos: Position): boolean {
  const o = slot * STRIDE;
  const d = p.data;
  const sl = d[o + START_LINE], el = d[o + END_LINE];
  const afterStart = pos.line > sl || (pos.line === sl && pos.character >= d[o + START_CHAR]);
  const beforeEnd = pos.line < el || (pos.line === el && pos.character <= d[o + END_CHAR]);
  return afterStart && beforeEnd;
}

/** Orders two slots (of any files' packs) by start position. */
export function compareRefStarts(a: PackedRefs, i: number, b: PackedRefs, j: number): number {
  const x = i * STRIDE, y = j * STRIDE;
  return a.data[x + START_LINE] - b.data[y + START_LINE] || a.data[x + START_CHAR] - b.data[y + START_CHAR];
}

/** The candidate in `slot` as an object (a new one each call). */
export function refAt(p: PackedRefs, slot: number): RefCandidate {
  const c: RefCandidate = { id: refId(p, slot), range: refRange(p, slot), explicit: refExplicit(p, slot) };
  const verbKind = refVerbKind(p, slot);
  if (verbKind !== undefined) c.verbKind = verbKind;
  const o = pinOffset(p, slot);
  if (o >= 0) {
    const q = p.data;
    c.pin = q[o + 1];
    if (p.data[slot * STRIDE + FLAGS] & HAS_PIN_RANGE) {
      c.pinRange = { start: { line: q[o + 2], character: q[o + 3] }, end: { line: q[o + 4], character: q[o + 5] } };
    }
    if (q[o + 6] >= 0) c.pinPrefix = p.strings[q[o + 6]];
  }
  return c;
}

/** Every candidate as an object, in order. */
export function unpackRefs(p: PackedRefs): RefCandidate[] {
  const out: RefCandidate[] = [];
  for (let i = 0, n = refCount(p); i < n; i++) out.push(refAt(p, i));
  return out;
}
