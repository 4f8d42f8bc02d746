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
import type { Position, Range, RefCandidate } from '../types';

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
  const packer = new RefPacker();
  for (const c of cands) packer.addCandidate(c);
  return packer.finish();
}

/**
 * Integers a packer writes its candidates into before `finish` copies them
 * out: one per thread, taken by the packer of the file being analysed. A
 * growing array per file was about 160 MB of garbage at the 100k-file L
 * corpus, a twentieth of what indexing it allocates.
 */
let scratch: Int32Array = new Int32Array(1024);
let scratchTaken = false;
/** A scratch grown past this (a file with huge numbers of candidates) is not kept. */
const SCRATCH_KEPT = 1 << 20;

/**
 * Builds a file's packed refs one candidate at a time. Scanners that find
 * many candidates write their numbers here directly rather than creating
 * four objects per candidate only to pack them afterwards.
 */
export class RefPacker {
  private readonly strings: string[] = [];
  /** Made once the file has more distinct strings than a linear search suits (most files have a few). */
  private indexOf: Map<string, number> | undefined;
  /** The candidates' integers so far (`used` of them): the thread's scratch when it was free. */
  private data: Int32Array;
  private used = 0;
  private ownsScratch = !scratchTaken;
  private readonly pins: number[] = [];
  private count = 0;

  constructor() {
    this.data = this.ownsScratch ? scratch : new Int32Array(STRIDE * 16);
    scratchTaken = true;
  }

  get size(): number {
    return this.count;
  }

  /** Adds a candidate on one line, from column `from` to `to`; a pin, if any, from `pinFrom` to `pinTo` on the same line. */
  add(id: string, line: number, from: number, to: number, explicit: boolean, verbKind?: string, pin?: number, pinFrom = 0, pinTo = 0): void {
    this.push(id, line, from, line, to, explicit, verbKind);
    if (pin !== undefined) this.pin(pin, line, pinFrom, line, pinTo, undefined, true);
  }

  addCandidate(c: RefCandidate): void {
    const r = c.range;
    this.push(c.id, r.start.line, r.start.character, r.end.line, r.end.character, c.explicit, c.verbKind);
    if (c.pin === undefined) return;
    const p = c.pinRange;
    if (p) this.pin(c.pin, p.start.line, p.start.character, p.end.line, p.end.character, c.pinPrefix, true);
    else this.pin(c.pin, 0, 0, 0, 0, c.pinPrefix, false);
  }

  /** The packed refs; the packer is done with. */
  finish(): PackedRefs {
    const used = this.used;
    const cands = this.data;
    this.release();
    if (this.count === 0) return NO_REFS;
    const data = allocate(1 + used + this.pins.length);
    data[0] = this.count;
    data.set(cands.subarray(0, used), 1);
    data.set(this.pins, 1 + used);
    // A copy of exact length: `strings` grew by push and has room to spare, in every file of the index.
    return { strings: this.strings.slice(), data };
  }

  /** Gives the scratch back (`finish` does): for a packer dropped without finishing. */
  release(): void {
    if (!this.ownsScratch) return;
    this.ownsScratch = false;
    scratchTaken = false;
    if (scratch.length > SCRATCH_KEPT) scratch = new Int32Array(1024);
  }

  private push(id: string, sl: number, sc: number, el: number, ec: number, explicit: boolean, verbKind: string | undefined): void {
    const idIndex = this.intern(id);
    let flags = explicit ? EXPLICIT : 0;
    if (verbKind !== undefined) flags |= (this.intern(verbKind) + 1) << VERB_SHIFT;
    let d = this.data;
    const at = this.used;
    if (at + STRIDE > d.length) {
      d = new Int32Array(d.length * 2);
      d.set(this.data);
      this.data = d;
      if (this.ownsScratch) scratch = d;
    }
    d[at] = idIndex;
    d[at + 1] = sl;
    d[at + 2] = sc;
    d[at + 3] = el;
    d[at + 4] = ec;
    d[at + 5] = flags;
    this.used = at + STRIDE;
    this.count++;
  }

  /** Adds a pin to the candidate just pushed. */
  private pin(pin: number, sl: number, sc: number, el: number, ec: number, prefix: string | undefined, hasRange: boolean): void {
    const slot = this.count - 1;
    // `data` here has no count at its head: offsets are one less than in the packed array.
    this.data[slot * STRIDE + FLAGS - 1] |= HAS_PIN | (hasRange ? HAS_PIN_RANGE : 0);
    this.pins.push(slot, pin, sl, sc, el, ec, prefix === undefined ? -1 : this.intern(prefix));
  }

  private intern(s: string): number {
    const strings = this.strings;
    if (this.indexOf === undefined) {
      for (let i = 0; i < strings.length; i++) if (strings[i] === s) return i;
      if (strings.length < 16) return strings.push(ownCopy(s)) - 1;
      this.indexOf = new Map(strings.map((x, i) => [x, i]));
    }
    let i = this.indexOf.get(s);
    if (i === undefined) {
      this.indexOf.set(s, (i = this.strings.length));
      this.strings.push(ownCopy(s));
    }
    return i;
  }
}

/** Integers in a slab the packed arrays of files are cut from. */
const SLAB_LENGTH = 64 * 1024;
let slab = new Int32Array(SLAB_LENGTH);
let slabUsed = 0;

/**
 * A zeroed array for one file's packed refs, cut from a shared slab. An
 * ArrayBuffer of its own per file costs about 150 bytes of heap and malloc
 * bookkeeping beside a few hundred bytes of data (15 MB at 100k files). A
 * slab lives as long as one of its files' arrays: files re-analysed later
 * get theirs from newer slabs, which the old arrays then do not pin.
 */
function allocate(length: number): Int32Array {
  if (length > SLAB_LENGTH / 16) return new Int32Array(length);
  if (slabUsed + length > SLAB_LENGTH) {
    slab = new Int32Array(SLAB_LENGTH);
    slabUsed = 0;
  }
  const out = slab.subarray(slabUsed, slabUsed + length);
  slabUsed += length;
  return out;
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
