/**
 * A worker's results as they cross to the main thread: three typed arrays
 * and an array of strings, rather than an object graph of about eight
 * objects per file. Structured cloning builds each object of a graph
 * through a generic slow path on the receiving thread; here the main thread
 * builds them as literals. The files' names do not cross at all: the main
 * thread sent them, and results come back in the order it sent them.
 *
 * Measured on 20k files of the L corpus in chunks of 128: cloning took
 * 100-130 ms to serialise and 110-130 ms to deserialise, this 50-110 ms and
 * 35-80 ms. Definitions, problems and a document setting are cloned as
 * they are (rare outside spec files, and a graph of their own).
 */
import { NO_REFS, type FileEntry, type WorkerResult } from '../core';

export interface EncodedResults {
  /** Per result, HEAD ints: kind, flags, how many strings its packed refs have, and the length of their data. */
  head: Int32Array;
  /** Per loaded file: size and mtimeMs. */
  stats: Float64Array;
  /** Each loaded file's packed-refs strings, and each skipped file's reason, in result order. */
  strings: string[];
  /** Each loaded file's packed-refs data, one after another. */
  data: Int32Array;
  /** Each loaded file's definitions, problems and document, those it has, in result order. */
  objects: unknown[];
}

const HEAD = 4;
const HIT = 0, SKIPPED = 1, LOADED = 2;
const IS_SPEC = 1, IS_TEST = 2, DEFS = 4, PROBLEMS = 8, DOCUMENT = 16, WARN = 32;

export function encodeResults(results: readonly WorkerResult[]): EncodedResults {
  const head = new Int32Array(results.length * HEAD);
  let loaded = 0;
  let ints = 0;
  for (const r of results) {
    if (!('loaded' in r)) continue;
    loaded++;
    if (r.loaded.entry.refs !== NO_REFS) ints += r.loaded.entry.refs.data.length;
  }
  const stats = new Float64Array(loaded * 2);
  const data = new Int32Array(ints);
  const strings: string[] = [];
  const objects: unknown[] = [];
  let s = 0;
  let d = 0;
  results.forEach((r, i) => {
    const at = i * HEAD;
    if ('hit' in r && r.hit) {
      head[at] = HIT;
    } else if ('skipped' in r) {
      head[at] = SKIPPED;
      head[at + 1] = r.warn ? WARN : 0;
      strings.push(r.skipped);
    } else {
      const { size, mtimeMs, entry } = r.loaded;
      stats[s++] = size;
      stats[s++] = mtimeMs;
      let flags = (entry.isSpec ? IS_SPEC : 0) | (entry.isTest ? IS_TEST : 0);
      if (entry.defs.length > 0) (flags |= DEFS), objects.push(entry.defs);
      if (entry.problems.length > 0) (flags |= PROBLEMS), objects.push(entry.problems);
      if ('document' in entry) (flags |= DOCUMENT), objects.push(entry.document);
      head[at] = LOADED;
      head[at + 1] = flags;
      if (entry.refs === NO_REFS) return;
      head[at + 2] = entry.refs.strings.length;
      head[at + 3] = entry.refs.data.length;
      for (const str of entry.refs.strings) strings.push(str);
      data.set(entry.refs.data, d);
      d += entry.refs.data.length;
    }
  });
  return { head, stats, strings, data, objects };
}

/** The buffers a message of `encoded` can hand over rather than copy. */
export function transferable(encoded: EncodedResults): ArrayBuffer[] {
  return [encoded.head.buffer as ArrayBuffer, encoded.stats.buffer as ArrayBuffer, encoded.data.buffer as ArrayBuffer];
}

/**
 * The results again, file `files[from + i]` for the i-th. Each file's
 * packed-refs data is a view of the one buffer (the main thread keeps one
 * buffer object per message rather than one per file).
 */
export function decodeResults(encoded: EncodedResults, files: readonly string[], from: number): WorkerResult[] {
  const { head, stats, strings, data, objects } = encoded;
  // Results name no file: one more than the files sent would be indexed under another's name (or none).
  if (from + head.length / HEAD > files.length) throw new Error(`an index worker answered ${head.length / HEAD} files starting at file ${from + 1} of the ${files.length} it was sent`);
  const out: WorkerResult[] = [];
  let s = 0;
  let t = 0;
  let d = 0;
  let o = 0;
  for (let at = 0, k = from; at < head.length; at += HEAD, k++) {
    const file = files[k];
    const kind = head[at];
    const flags = head[at + 1];
    if (kind === HIT) {
      out.push({ file, hit: true });
    } else if (kind === SKIPPED) {
      out.push({ file, skipped: strings[t++], warn: (flags & WARN) !== 0 });
    } else {
      const ns = head[at + 2];
      const nd = head[at + 3];
      const entry: FileEntry = {
        file,
        isSpec: (flags & IS_SPEC) !== 0,
        isTest: (flags & IS_TEST) !== 0,
        defs: flags & DEFS ? (objects[o++] as FileEntry['defs']) : [],
        refs: nd === 0 ? NO_REFS : { strings: strings.slice(t, t + ns), data: data.subarray(d, d + nd) },
        problems: flags & PROBLEMS ? (objects[o++] as FileEntry['problems']) : [],
      };
      if (flags & DOCUMENT) entry.document = objects[o++] as FileEntry['document'];
      t += ns;
      d += nd;
      out.push({ file, hit: false, loaded: { size: stats[s++], mtimeMs: stats[s++], entry } });
    }
  }
  return out;
}
