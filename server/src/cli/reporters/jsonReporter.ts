/**
 * JSON output in pieces. `check --format json` at 100k files is a 43 MB
 * document: as one string (twice that once encoded for the write) it was the
 * run's peak memory. The pieces are the bytes `JSON.stringify(value, null, 2)`
 * gives, followed by a newline, produced as they are written.
 *
 * A document under WHOLE_NODES values is made by the native JSON.stringify
 * and cut; a larger one is walked here, and every small value in it is
 * written by the native serialiser, indented to its place. The JavaScript
 * serialiser that did it all before (@discoveryjs/json-ext's
 * stringifyChunked) took 30-34 ms of a 700 ms warm `check` of a 50k-file
 * tree for its 580 KB report; now 3-8 ms, and 12-25 ms were it walked.
 */

/**
 * Characters per piece: below V8's large-object size, so a written piece dies
 * young instead of waiting in old space for a full collection.
 */
export const JSON_PIECE_CHARS = 1 << 16;

/**
 * Arrays and objects (counted with everything in them, as far as this many)
 * below which the native serialiser writes the whole value at once: a piece
 * then never grows by more than a few kilobytes past JSON_PIECE_CHARS.
 */
const SMALL_NODES = 256;

/**
 * Values (counted with everything in them, as far as this many) below which
 * the whole document is made at once, by the native serialiser alone, and
 * then cut into pieces: a few megabytes at most, in a fraction of the time
 * the walk takes (3-5 ms, the count included, against 12-25 ms for a 580 KB
 * report).
 */
const WHOLE_NODES = 100_000;

/** `JSON.stringify(value, null, 2) + '\n'`, in pieces of about JSON_PIECE_CHARS. */
export function* renderJson(value: unknown): Generator<string> {
  if (nodesLeft(value, WHOLE_NODES) >= 0) {
    yield* cut(`${JSON.stringify(value, null, 2)}\n`);
    return;
  }
  const out = new Pieces();
  yield* writeValue(value, '', out);
  out.push('\n');
  yield out.take();
}

/** `text` in pieces of JSON_PIECE_CHARS, never between the two halves of a surrogate pair (each piece is encoded alone). */
function* cut(text: string): Generator<string> {
  for (let from = 0; from < text.length; ) {
    let to = Math.min(text.length, from + JSON_PIECE_CHARS);
    const last = text.charCodeAt(to - 1);
    if (to < text.length && last >= 0xd800 && last <= 0xdbff) to--;
    yield text.slice(from, to);
    from = to;
  }
}

/** Text gathered until a piece is full. */
class Pieces {
  private parts: string[] = [];
  private chars = 0;

  push(s: string): void {
    this.parts.push(s);
    this.chars += s.length;
  }

  get full(): boolean {
    return this.chars >= JSON_PIECE_CHARS;
  }

  take(): string {
    const s = this.parts.join('');
    this.parts = [];
    this.chars = 0;
    return s;
  }
}

/**
 * Writes `value` as JSON.stringify(value, null, 2) would, at a place indented
 * by `indent`; yields each piece once full. Only called with a value that
 * JSON.stringify writes (not undefined, a function or a symbol).
 */
function* writeValue(value: unknown, indent: string, out: Pieces): Generator<string> {
  if (!isContainer(value) || isSmall(value)) {
    const text = JSON.stringify(value, null, 2);
    out.push(indent === '' ? text : text.replace(/\n/g, `\n${indent}`));
    if (out.full) yield out.take();
    return;
  }
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return void out.push('[]');
    out.push('[');
    for (let i = 0; i < value.length; i++) {
      out.push(i === 0 ? `\n${inner}` : `,\n${inner}`);
      const v: unknown = value[i];
      // As in JSON.stringify: what has no JSON form is null in an array.
      if (omitted(v)) out.push('null');
      else yield* writeValue(v, inner, out);
    }
    out.push(`\n${indent}]`);
    return;
  }
  const record = value as Record<string, unknown>;
  let first = true;
  for (const key of Object.keys(record)) {
    // Read when its turn comes: a getter's value is made only as the output reaches it.
    const v = record[key];
    // As in JSON.stringify: a property with no JSON form is left out.
    if (omitted(v)) continue;
    out.push(`${first ? '{' : ','}\n${inner}${JSON.stringify(key)}: `);
    first = false;
    yield* writeValue(v, inner, out);
  }
  out.push(first ? '{}' : `\n${indent}}`);
}

/** An array or plain object this module walks itself (anything with toJSON, or a boxed primitive, goes to the native serialiser whole). */
function isContainer(value: unknown): value is object {
  if (typeof value !== 'object' || value === null) return false;
  if (Array.isArray(value)) return true;
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return false;
  return !(value instanceof Number || value instanceof String || value instanceof Boolean || value instanceof BigInt);
}

function omitted(v: unknown): boolean {
  return v === undefined || typeof v === 'function' || typeof v === 'symbol';
}

/** True when `value` holds fewer than SMALL_NODES values in all (it is looked at only that far). */
function isSmall(value: object): boolean {
  return nodesLeft(value, SMALL_NODES) >= 0;
}

/**
 * `budget` less the values in `v` (itself included), or -1 once that is
 * negative. Values are read in order and no further than needed: the
 * properties after a large one (a getter making the rest of a report) are
 * not read to decide.
 */
function nodesLeft(v: unknown, budget: number): number {
  if (--budget < 0) return -1;
  if (typeof v !== 'object' || v === null) return budget;
  if (Array.isArray(v)) {
    if (v.length > budget) return -1;
    for (let i = 0; i < v.length && budget >= 0; i++) budget = nodesLeft(v[i], budget);
    return budget;
  }
  // for-in, not Object.keys: no array made per object (inherited keys only make the count larger, which is safe).
  for (const key in v) {
    budget = nodesLeft((v as Record<string, unknown>)[key], budget);
    if (budget < 0) return -1;
  }
  return budget;
}
