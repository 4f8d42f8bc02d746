/**
 * A persisted index for warm restarts: per-file analysis results keyed by
 * path and validated by size and mtime, and the file list of the last walk
 * with the modification times of the folders it read. It lives in a folder
 * the caller chooses (the extension's storage folder, or the CLI's
 * `--cache DIR`), never inside the workspace. Anything unreadable is treated
 * as no cache.
 *
 * The format is columnar: one typed array holds every file's packed
 * references, another each file's string indices into one shared table, so
 * that reading 100k files' results is a few large copies rather than
 * millions of small objects. Definitions and problems, found in few files,
 * are stored as objects, the definitions' ranges as numbers beside them.
 * The arrays are written straight from memory, section by section (see
 * `Header`).
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import { NO_REFS, refCount, type PackedRefs } from './packedRefs';
import type { FileProblem, RequirementDef } from './types';
import type { FileEntry } from './workspaceIndex';

/** Bump when FileEntry, any parser's output or this layout changes shape or meaning. */
const CACHE_FORMAT = 6;

export interface CachedFile {
  size: number;
  mtimeMs: number;
  entry: FileEntry;
  /** The file's number in the cache it was loaded from: its strings' numbers are in that cache's `table`. */
  slot?: number;
}

/**
 * A loaded cache's string table: file `slot`'s `refs.strings[k]` is
 * `strings[stringIndices[stringStart[slot] + k]]`. A warm start adds the
 * cached files in bulk by these numbers (WorkspaceIndex.addFromTable).
 */
export interface CacheTable {
  strings: readonly string[];
  stringIndices: Int32Array;
  stringStart: Int32Array;
}

export type CacheData = Map<string, CachedFile>;

/**
 * What a walk of the workspace found, and what it depends on: the folders it
 * read (a folder's mtime changes when an entry is added, removed or renamed
 * in it) and the .gitignore files it applied. While none of them changed,
 * the walk would find the same files.
 */
export interface WalkRecord {
  /** When the walk started (ms since the epoch): a folder changed within the file system's clock resolution of it is not trusted. */
  startedAt: number;
  files: string[];
  /** [folder, mtimeMs], read by the walk. */
  dirs: Array<[string, number]>;
  /** [.gitignore file, size, mtimeMs], applied by the walk. */
  gitignores: Array<[string, number, number]>;
}

export interface CacheContents {
  /** The config text the results were computed with. */
  configText: string;
  /** The dialects in use, comma-separated. */
  dialects: string;
  walk?: WalkRecord;
  files: CacheData;
  /** Set when loaded from a file. */
  table?: CacheTable;
}

/**
 * The cache file of a workspace: one per root, whatever the config, so
 * editing reqtrace.yaml replaces the cache instead of adding files.
 */
export function cacheFile(cacheDir: string, root: string): string {
  const key = createHash('sha256').update(`${path.resolve(root)}`).digest('hex').slice(0, 24);
  return path.join(cacheDir, `reqtrace-index-${key}.bin`);
}

/**
 * The file: a 4-byte length, a JSON header, then sections, each starting at a
 * multiple of 8 bytes, in the order of `SECTIONS` (their byte lengths are in
 * the header). Typed arrays are written as they are in memory and read back
 * with one copy each: no serialiser builds a second image of 50 MB in memory
 * at 100k files. Strings go as one UTF-16 run with their lengths (lossless
 * whatever they hold); definitions and problems through v8.serialize.
 */
interface Header {
  format: number;
  /** Typed arrays are stored in the writer's byte order. */
  littleEndian: boolean;
  configText: string;
  dialects: string;
  /** The walk without its file list, which is the `walkFiles` section. */
  walk: Omit<WalkRecord, 'files'> | null;
  /** Files the walk listed that are not among `paths` (binary, too large...), in the order `walkFiles` refers to them. */
  walkExtra: string[];
  files: number;
  sections: number[];
}

/** Section order. */
const SECTIONS = ['paths', 'pathLengths', 'sizes', 'mtimes', 'flags', 'strings', 'stringLengths', 'stringIndices', 'stringStart', 'data', 'dataStart', 'specs', 'defRanges', 'walkFiles'] as const;

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** What the sections hold once read. */
interface Stored {
  paths: string[];
  sizes: Float64Array;
  mtimes: Float64Array;
  /** Bit 0: spec file, bit 1: test file. */
  flags: Uint8Array;
  strings: string[];
  /** Per file, its refs' strings as indices into `strings`: file i has stringIndices[stringStart[i] .. stringStart[i + 1]). */
  stringIndices: Int32Array;
  stringStart: Int32Array;
  /** Per file, its packed refs' data: file i has data[dataStart[i] .. dataStart[i + 1]). */
  data: Int32Array;
  dataStart: Int32Array;
  /** [file index, definitions (without their ranges, file and empty lists), problems] of the files that have any. */
  specs: Array<[number, StoredDef[], FileProblem[]]>;
  /** Per definition in `specs` order, the 8 numbers of its `range` and `fullRange`. */
  defRanges: Int32Array;
  /**
   * The walk's file list in its order: i >= 0 is paths[i], -1 - k is the
   * header's walkExtra[k]. The same string objects as the index's paths,
   * which the warm start looks up by: one hash each instead of two.
   */
  walkFiles: Int32Array;
}

/**
 * A definition as stored: its two ranges go to `defRanges` (six objects
 * fewer per definition to write and read back), its file is the entry's,
 * and empty tag and parent lists are left out.
 */
type StoredDef = Omit<RequirementDef, 'range' | 'fullRange' | 'file' | 'tags' | 'parents'> & Partial<Pick<RequirementDef, 'tags' | 'parents'>>;

function storeDef(def: RequirementDef, ranges: number[]): StoredDef {
  const { range, fullRange, file: _file, tags, parents, ...rest } = def;
  ranges.push(range.start.line, range.start.character, range.end.line, range.end.character);
  ranges.push(fullRange.start.line, fullRange.start.character, fullRange.end.line, fullRange.end.character);
  const out: StoredDef = rest;
  if (tags.length > 0) out.tags = tags;
  if (parents.length > 0) out.parents = parents;
  return out;
}

/** Completes a stored definition in place (the object was just deserialised: nobody else holds it). */
function restoreDef(stored: StoredDef, file: string, r: Int32Array, at: number): RequirementDef {
  const def = stored as RequirementDef;
  def.tags = stored.tags ?? [];
  def.parents = stored.parents ?? [];
  def.file = file;
  def.range = { start: { line: r[at], character: r[at + 1] }, end: { line: r[at + 2], character: r[at + 3] } };
  def.fullRange = { start: { line: r[at + 4], character: r[at + 5] }, end: { line: r[at + 6], character: r[at + 7] } };
  return def;
}

/** The cached results, or undefined when there is no usable cache. */
export function loadCache(file: string): CacheContents | undefined {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch {
    return undefined;
  }
  try {
    const read = readStored(fd, fs.fstatSync(fd).size);
    if (!read) return undefined;
    const { header, stored: s } = read;
    const n = header.files;
    if (![s.paths, s.sizes, s.mtimes, s.flags].every((a) => a.length === n) || s.stringStart.length !== n + 1 || s.dataStart.length !== n + 1) return undefined;
    const specs = new Map<number, { defs: RequirementDef[]; problems: FileProblem[] }>();
    let at = 0;
    for (const [i, stored, problems] of s.specs) {
      const defs = stored.map((d) => {
        const def = restoreDef(d, s.paths[i], s.defRanges, at);
        at += 8;
        return def;
      });
      specs.set(i, { defs, problems });
    }
    if (at !== s.defRanges.length) return undefined;
    const files: CacheData = new Map();
    for (let i = 0; i < n; i++) {
      const spec = specs.get(i);
      const entry: FileEntry = {
        file: s.paths[i],
        isSpec: (s.flags[i] & 1) !== 0,
        isTest: (s.flags[i] & 2) !== 0,
        defs: spec?.defs ?? [],
        refs: refsAt(s, i),
        problems: spec?.problems ?? [],
      };
      files.set(entry.file, { size: s.sizes[i], mtimeMs: s.mtimes[i], entry, slot: i });
    }
    let walk: WalkRecord | undefined;
    if (header.walk) {
      const walkFiles = Array.from(s.walkFiles, (k) => (k >= 0 ? s.paths[k] : header.walkExtra[-1 - k]));
      if (walkFiles.some((f) => typeof f !== 'string')) return undefined;
      walk = { ...header.walk, files: walkFiles };
    }
    const table: CacheTable = { strings: s.strings, stringIndices: s.stringIndices, stringStart: s.stringStart };
    return { configText: header.configText, dialects: header.dialects, walk, files, table };
  } catch {
    return undefined;
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Reads a cache file's header, then each section straight into an array of
 * its own (no image of the whole file in memory). Undefined when it is not
 * of this format; throws when it is cut short.
 */
function readStored(fd: number, fileSize: number): { header: Header; stored: Stored } | undefined {
  const readAt = (into: Uint8Array, position: number) => {
    for (let off = 0; off < into.length; ) {
      const got = fs.readSync(fd, into, off, into.length - off, position + off);
      if (got === 0) throw new Error('truncated');
      off += got;
    }
  };
  if (fileSize < 4) return undefined;
  const head = Buffer.alloc(4);
  readAt(head, 0);
  const headerLength = head.readUInt32LE(0);
  if (4 + headerLength > fileSize) return undefined;
  const headerBytes = Buffer.alloc(headerLength);
  readAt(headerBytes, 4);
  const header = JSON.parse(headerBytes.toString('utf8')) as Header;
  if (header.format !== CACHE_FORMAT || header.littleEndian !== LITTLE_ENDIAN || header.sections.length !== SECTIONS.length) return undefined;
  const offsets = new Map<(typeof SECTIONS)[number], [number, number]>();
  let at = align(4 + headerLength);
  SECTIONS.forEach((name, k) => {
    const length = header.sections[k];
    if (!Number.isSafeInteger(length) || length < 0 || at + length > fileSize) throw new Error('truncated');
    offsets.set(name, [at, length]);
    at = align(at + length);
  });
  const bytesOf = (name: (typeof SECTIONS)[number]): Buffer => {
    const [position, length] = offsets.get(name)!;
    const b = Buffer.allocUnsafeSlow(length);
    readAt(b, position);
    return b;
  };
  const array = <T>(name: (typeof SECTIONS)[number], Kind: { new (b: ArrayBuffer, offset: number, length: number): T; BYTES_PER_ELEMENT: number }): T => {
    const [position, length] = offsets.get(name)!;
    if (length % Kind.BYTES_PER_ELEMENT !== 0) throw new Error(`bad section ${name}`);
    const buffer = new ArrayBuffer(length);
    readAt(new Uint8Array(buffer), position);
    return new Kind(buffer, 0, length / Kind.BYTES_PER_ELEMENT);
  };
  const strings = (name: 'paths' | 'strings', lengths: Int32Array): string[] => {
    const all = bytesOf(name).toString('utf16le');
    const out: string[] = new Array(lengths.length);
    let from = 0;
    for (let i = 0; i < lengths.length; i++) out[i] = all.slice(from, (from += lengths[i]));
    if (from !== all.length) throw new Error(`bad section ${name}`);
    return out;
  };
  const stored: Stored = {
    paths: strings('paths', array('pathLengths', Int32Array)),
    sizes: array('sizes', Float64Array),
    mtimes: array('mtimes', Float64Array),
    flags: array('flags', Uint8Array),
    strings: strings('strings', array('stringLengths', Int32Array)),
    stringIndices: array('stringIndices', Int32Array),
    stringStart: array('stringStart', Int32Array),
    data: array('data', Int32Array),
    dataStart: array('dataStart', Int32Array),
    specs: readChunks(bytesOf('specs')),
    defRanges: array('defRanges', Int32Array),
    walkFiles: array('walkFiles', Int32Array),
  };
  return { header, stored };
}

/**
 * The specs section: a count, each chunk's length, then the chunks, each a
 * v8-serialised array (serialising 50k definitions in one call held the
 * language server's event loop for 35 ms).
 */
function readChunks(b: Buffer): Stored['specs'] {
  const count = b.readUInt32LE(0);
  let at = 4 + 4 * count;
  const out: Stored['specs'] = [];
  for (let k = 0; k < count; k++) {
    const length = b.readUInt32LE(4 + 4 * k);
    if (at + length > b.length) throw new Error('bad section specs');
    for (const item of v8.deserialize(b.subarray(at, at + length)) as Stored['specs']) out.push(item);
    at += length;
  }
  if (at !== b.length) throw new Error('bad section specs');
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
  files: ReadonlyArray<[number, RequirementDef[], FileProblem[]]>,
  defRanges: number[],
  pause?: () => Promise<void>,
): Promise<Streamed> {
  const chunk = (k: number, ranges: number[]) =>
    v8.serialize(files.slice(k * SPECS_CHUNK, (k + 1) * SPECS_CHUNK).map(([i, defs, problems]) => [i, defs.map((d) => storeDef(d, ranges)), problems]));
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

function align(n: number): number {
  return (n + 7) & ~7;
}

function refsAt(s: Stored, i: number): PackedRefs {
  const from = s.dataStart[i];
  const to = s.dataStart[i + 1];
  if (to <= from) return NO_REFS;
  const strings: string[] = [];
  for (let k = s.stringStart[i]; k < s.stringStart[i + 1]; k++) strings.push(s.strings[s.stringIndices[k]]);
  // A view, not a copy: every file's data shares the one buffer read from disk.
  return { strings, data: s.data.subarray(from, to) };
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
 * The order files are saved in: the walk's, for the files it listed (every
 * indexed file, after a full index), then any others. The walk's list then
 * maps to the saved files without a lookup table of 100k paths.
 */
function savedOrder(contents: CacheContents): string[] {
  const order = (contents.walk?.files ?? []).filter((f) => contents.files.has(f));
  if (order.length < contents.files.size) {
    const listed = new Set(order);
    for (const f of contents.files.keys()) if (!listed.has(f)) order.push(f);
  }
  return order;
}

/** Files gathered between two calls of `saveCache`'s `pause`. */
const SAVE_SLICE = 256;
/** Spec files whose definitions are serialised in one piece. */
const SPECS_CHUNK = 50;

/**
 * Writes atomically (temp file + rename) so a crash never leaves half a
 * cache. Gathering 100k files' results takes a few hundred milliseconds:
 * `pause`, when given, is awaited every few thousand files (the language
 * server answers requests there), and the file is written asynchronously.
 */
export async function saveCache(file: string, contents: CacheContents, pause?: () => Promise<void>): Promise<void> {
  const paths = savedOrder(contents);
  const records = paths.map((p) => contents.files.get(p)!);
  const n = paths.length;
  const sizes = new Float64Array(n);
  const mtimes = new Float64Array(n);
  const flags = new Uint8Array(n);
  const stringIds = new Map<string, number>();
  const strings: string[] = [];
  const stringStart = new Int32Array(n + 1);
  const dataStart = new Int32Array(n + 1);
  // The files with definitions or problems: their arrays, which an update replaces rather than changes.
  const specFiles: Array<[number, RequirementDef[], FileProblem[]]> = [];
  let at = 0;
  let k = 0;
  for (let i = 0; i < n; i++) {
    const { size, mtimeMs, entry } = records[i];
    sizes[i] = size;
    mtimes[i] = mtimeMs;
    flags[i] = (entry.isSpec ? 1 : 0) | (entry.isTest ? 2 : 0);
    if (refCount(entry.refs) > 0) {
      for (const str of entry.refs.strings) if (!stringIds.has(str)) stringIds.set(str, strings.push(str) - 1);
      k += entry.refs.strings.length;
      at += entry.refs.data.length;
    }
    stringStart[i + 1] = k;
    dataStart[i + 1] = at;
    if (entry.defs.length > 0 || entry.problems.length > 0) specFiles.push([i, entry.defs, entry.problems]);
    if (pause && (i + 1) % SAVE_SLICE === 0) await pause();
  }
  const defRanges: number[] = [];
  const specs = await specSection(specFiles, defRanges, pause);
  // `paths` starts with the walk's files that were indexed, in the walk's order.
  let walked = 0;
  const walkExtra: string[] = [];
  const walkFiles = Int32Array.from(contents.walk?.files ?? [], (f) => (contents.files.has(f) ? walked++ : -1 - (walkExtra.push(f) - 1)));
  await pause?.();
  const utf16 = (list: string[]) => Buffer.from(list.join(''), 'utf16le');
  const lengths = (list: string[]) => Int32Array.from(list, (x) => x.length);
  // The packed refs (most of the file, 28 MB at 100k files) and each file's string numbers (5 MB) go to the
  // file in pieces: gathered in arrays first, they put that much on top of the index in memory.
  const withRefs = records.filter((r) => refCount(r.entry.refs) > 0);
  const data = streamedInts(at, withRefs, (r) => r.entry.refs.data, pause);
  const stringIndices = streamedInts(
    k,
    withRefs,
    ({ entry }) => {
      const out = new Int32Array(entry.refs.strings.length);
      entry.refs.strings.forEach((str, j) => (out[j] = stringIds.get(str)!));
      return out;
    },
    pause,
  );
  // Paths go as UTF-16 a few thousand at a time (at 100k files, 5 MB that need not exist at once).
  let pathChars = 0;
  for (const p of paths) pathChars += p.length;
  const pathBytes: Streamed = {
    byteLength: pathChars * 2,
    async writeTo(write) {
      for (let from = 0; from < paths.length; from += 4096) {
        await write(utf16(paths.slice(from, from + 4096)));
        await pause?.();
      }
    },
  };
  const pathLengths = lengths(paths);
  await pause?.();
  const sections: Record<(typeof SECTIONS)[number], ArrayBufferView | Streamed> = {
    paths: pathBytes,
    pathLengths,
    sizes,
    mtimes,
    flags,
    strings: utf16(strings),
    stringLengths: lengths(strings),
    stringIndices,
    stringStart,
    data,
    dataStart,
    specs,
    defRanges: Int32Array.from(defRanges),
    walkFiles,
  };
  const header: Header = {
    format: CACHE_FORMAT,
    littleEndian: LITTLE_ENDIAN,
    configText: contents.configText,
    dialects: contents.dialects,
    walk: contents.walk ? { startedAt: contents.walk.startedAt, dirs: contents.walk.dirs, gitignores: contents.walk.gitignores } : null,
    walkExtra,
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
