/**
 * Writing the persisted index (see cacheLoad.ts for the format). The file
 * is written section by section, the large ones in pieces, so that a save
 * at 100k files adds little to the index in memory; the language server
 * gives it a `pause` to answer requests between slices.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import { refCount, type DocumentSettings, type FileProblem, type RequirementDef, type SaveContents } from '../core';
import { CACHE_FORMAT, LITTLE_ENDIAN, SECTIONS, type Header, type StoredDef, type StringEncoding } from './cacheLoad';

/** A file with definitions, problems or a document: [file index, definitions, problems, document?]. */
type SpecFile = [number, RequirementDef[], FileProblem[], DocumentSettings?];

/** A definition as stored (see `StoredDef`), its ranges appended to `ranges`. */
function storeDef(def: RequirementDef, ranges: number[]): StoredDef {
  const { range, fullRange, file: _file, tags, parents, ...rest } = def;
  ranges.push(range.start.line, range.start.character, range.end.line, range.end.character);
  ranges.push(fullRange.start.line, fullRange.start.character, fullRange.end.line, fullRange.end.character);
  const out: StoredDef = rest;
  if (tags.length > 0) out.tags = tags;
  if (parents.length > 0) out.parents = parents;
  return out;
}

/**
 * The specs section: the count and each chunk's length, then the chunks.
 * Each chunk is serialised twice, once here for its length (and the
 * definitions' ranges, into `defRanges`) and again as it is written: held
 * until their turn, the chunks put 9 MB (at 50k definitions) on top of the
 * index in memory. The arrays in `files` are never changed in place, so
 * both serialisations give the same bytes.
 */
async function specSection(
  files: readonly SpecFile[],
  defRanges: number[],
  pause?: () => Promise<void>,
): Promise<Streamed> {
  const chunk = (k: number, ranges: number[]) =>
    v8.serialize(
      files.slice(k * SPECS_CHUNK, (k + 1) * SPECS_CHUNK).map(([i, defs, problems, document]) =>
        document ? [i, defs.map((d) => storeDef(d, ranges)), problems, document] : [i, defs.map((d) => storeDef(d, ranges)), problems],
      ),
    );
  const count = Math.ceil(files.length / SPECS_CHUNK);
  const head = Buffer.alloc(4 + 4 * count);
  head.writeUInt32LE(count, 0);
  let byteLength = head.length;
  for (let k = 0; k < count; k++) {
    const length = chunk(k, defRanges).length;
    head.writeUInt32LE(length, 4 + 4 * k);
    byteLength += length;
    await pause?.();
  }
  return {
    byteLength,
    async writeTo(write) {
      await write(head);
      for (let k = 0; k < count; k++) await write(chunk(k, []));
    },
  };
}

/** A section written in pieces: `writeTo` writes exactly `byteLength` bytes. */
interface Streamed {
  byteLength: number;
  writeTo(write: (view: ArrayBufferView) => Promise<void>): Promise<void>;
}

/**
 * A section of `length` 32-bit integers: each item's `values` in turn, made
 * as the section is written and gathered in a 256 KB staging array.
 */
function streamedInts<T>(length: number, items: readonly T[], valuesOf: (item: T) => Int32Array, pause?: () => Promise<void>): Streamed {
  return {
    byteLength: length * Int32Array.BYTES_PER_ELEMENT,
    async writeTo(write) {
      const stage = new Int32Array(64 * 1024);
      let fill = 0;
      for (let i = 0; i < items.length; i++) {
        const values = valuesOf(items[i]);
        if (fill + values.length > stage.length) {
          await write(stage.subarray(0, fill));
          fill = 0;
        }
        if (values.length > stage.length) await write(values);
        else {
          stage.set(values, fill);
          fill += values.length;
        }
        if (pause && (i + 1) % SAVE_SLICE === 0) await pause();
      }
      await write(stage.subarray(0, fill));
    },
  };
}

/**
 * The walk's file list as the cache stores it: a saved file's number, or
 * -1 - k for `extra[k]`, a file the walk listed that has no entry (its k
 * goes to `roled` when the index listed it all the same). The
 * index's list is the walk's with some files left out, in the same order, so
 * one pass over both matches them.
 */
function walkNumbers(contents: SaveContents, extra: string[], roled: number[]): Int32Array {
  const { files, entries } = contents.indexed;
  const walkFiles = contents.walk?.files ?? [];
  const out = new Int32Array(walkFiles.length);
  let p = 0;
  let saved = 0;
  walkFiles.forEach((f, w) => {
    if (p < files.length && files[p] === f) {
      if (entries[p] !== undefined) out[w] = saved++;
      else {
        const k = extra.push(f) - 1;
        roled.push(k);
        out[w] = -1 - k;
      }
      p++;
    } else {
      out[w] = -1 - (extra.push(f) - 1);
    }
  });
  if (contents.walk && p !== files.length) throw new Error('the index list is not in the order of the walk');
  return out;
}

/** A character Latin-1 cannot hold. */
const WIDE = /[^\u0000-\u00ff]/;

/** Files gathered between two calls of `saveCache`'s `pause`. */
const SAVE_SLICE = 256;
/** Spec files whose definitions are serialised in one piece. */
const SPECS_CHUNK = 50;

/**
 * Writes atomically (temp file + rename) so a crash never leaves half a
 * cache. Gathering 100k files' results takes a few hundred milliseconds:
 * `pause`, when given, is awaited every SAVE_SLICE files (the language
 * server answers requests there), and the file is written asynchronously.
 */
export async function saveCache(file: string, contents: SaveContents, pause?: () => Promise<void>): Promise<void> {
  const { indexed } = contents;
  // The files with an entry, in the order of the index's list (the walk's).
  const positions: number[] = [];
  indexed.entries.forEach((e, p) => e !== undefined && positions.push(p));
  const paths = positions.map((p) => indexed.files[p]);
  const entries = positions.map((p) => indexed.entries[p]!);
  const n = paths.length;
  const sizes = Float64Array.from(positions, (p) => indexed.sizes[p]);
  const mtimes = Float64Array.from(positions, (p) => indexed.mtimes[p]);
  const flags = new Uint8Array(n);
  const stringIds = new Map<string, number>();
  const strings: string[] = [];
  const stringStart = new Int32Array(n + 1);
  const dataStart = new Int32Array(n + 1);
  // The files with definitions or problems: their arrays, which an update replaces rather than changes.
  const specFiles: SpecFile[] = [];
  let at = 0;
  let k = 0;
  for (let i = 0; i < n; i++) {
    const entry = entries[i];
    flags[i] = (entry.isSpec ? 1 : 0) | (entry.isTest ? 2 : 0);
    if (refCount(entry.refs) > 0) {
      for (const str of entry.refs.strings) if (!stringIds.has(str)) stringIds.set(str, strings.push(str) - 1);
      k += entry.refs.strings.length;
      at += entry.refs.data.length;
    }
    stringStart[i + 1] = k;
    dataStart[i + 1] = at;
    if (entry.document) specFiles.push([i, entry.defs, entry.problems, entry.document]);
    else if (entry.defs.length > 0 || entry.problems.length > 0) specFiles.push([i, entry.defs, entry.problems]);
    if (pause && (i + 1) % SAVE_SLICE === 0) await pause();
  }
  const defRanges: number[] = [];
  const specs = await specSection(specFiles, defRanges, pause);
  const walkExtra: string[] = [];
  const walkRoled: number[] = [];
  const walkFiles = walkNumbers(contents, walkExtra, walkRoled);
  await pause?.();
  // A list of strings whose every character is below 256 (paths and IDs, as a rule) goes as Latin-1, one byte a character.
  const encodingOf = (list: readonly string[]): StringEncoding => (list.some((x) => WIDE.test(x)) ? 'utf16le' : 'latin1');
  const pathEncoding = encodingOf(paths);
  const stringEncoding = encodingOf(strings);
  const encoded = (list: string[], encoding: StringEncoding) => Buffer.from(list.join(''), encoding);
  const lengths = (list: string[]) => Int32Array.from(list, (x) => x.length);
  // The packed refs (most of the file, 28 MB at 100k files) and each file's string numbers (5 MB) go to the
  // file in pieces: gathered in arrays first, they put that much on top of the index in memory.
  const withRefs = entries.filter((e) => refCount(e.refs) > 0);
  const data = streamedInts(at, withRefs, (e) => e.refs.data, pause);
  const stringIndices = streamedInts(
    k,
    withRefs,
    (e) => {
      const out = new Int32Array(e.refs.strings.length);
      e.refs.strings.forEach((str, j) => (out[j] = stringIds.get(str)!));
      return out;
    },
    pause,
  );
  // Paths go a few thousand at a time (at 100k files, 5 MB that need not exist at once).
  let pathChars = 0;
  for (const p of paths) pathChars += p.length;
  const pathBytes: Streamed = {
    byteLength: pathChars * (pathEncoding === 'latin1' ? 1 : 2),
    async writeTo(write) {
      for (let from = 0; from < paths.length; from += 4096) {
        await write(encoded(paths.slice(from, from + 4096), pathEncoding));
        await pause?.();
      }
    },
  };
  const pathLengths = lengths(paths);
  const dirs = (contents.walk?.dirs ?? []).map(([d]) => d);
  const dirEncoding = encodingOf(dirs);
  const extraEncoding = encodingOf(walkExtra);
  await pause?.();
  const sections: Record<(typeof SECTIONS)[number], ArrayBufferView | Streamed> = {
    dirs: encoded(dirs, dirEncoding),
    dirLengths: lengths(dirs),
    dirMtimes: Float64Array.from(contents.walk?.dirs ?? [], ([, mtime]) => mtime),
    paths: pathBytes,
    pathLengths,
    sizes,
    mtimes,
    flags,
    strings: encoded(strings, stringEncoding),
    stringLengths: lengths(strings),
    stringIndices,
    stringStart,
    data,
    dataStart,
    specs,
    defRanges: Int32Array.from(defRanges),
    walkFiles,
    extra: encoded(walkExtra, extraEncoding),
    extraLengths: lengths(walkExtra),
  };
  const header: Header = {
    format: CACHE_FORMAT,
    littleEndian: LITTLE_ENDIAN,
    configText: contents.configText,
    dialects: contents.dialects,
    walk: contents.walk ? { startedAt: contents.walk.startedAt, gitignores: contents.walk.gitignores } : null,
    walkRoled,
    encodings: { dirs: dirEncoding, paths: pathEncoding, strings: stringEncoding, extra: extraEncoding },
    files: n,
    sections: SECTIONS.map((name) => sections[name].byteLength),
  };
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const lengthBytes = Buffer.alloc(4);
  lengthBytes.writeUInt32LE(headerBytes.length);
  await fs.promises.mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  const handle = await fs.promises.open(tmp, 'w');
  try {
    let written = 0;
    const write = async (view: ArrayBufferView) => {
      const bytes = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
      for (let off = 0; off < bytes.length; ) off += (await handle.write(bytes, off)).bytesWritten;
      written += bytes.length;
    };
    await write(lengthBytes);
    await write(headerBytes);
    for (const name of SECTIONS) {
      if (written % 8 !== 0) await write(Buffer.alloc(8 - (written % 8)));
      const section = sections[name];
      const before = written;
      if ('writeTo' in section) await section.writeTo(write);
      else await write(section);
      if (written - before !== section.byteLength) throw new Error(`section ${name} changed while it was written`);
    }
  } catch (e) {
    await handle.close();
    await fs.promises.rm(tmp, { force: true });
    throw e;
  }
  await handle.close();
  await fs.promises.rename(tmp, file);
}
