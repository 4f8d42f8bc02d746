/**
 * A persisted index for warm restarts (the core's IndexCacheStore, on disk):
 * per-file analysis results keyed by path and validated by size and mtime,
 * and the file list of the last walk with the modification times of the
 * folders it read. It lives in a folder the caller chooses (the extension's
 * storage folder, or the CLI's `--cache DIR`), never inside the workspace.
 * Anything unreadable is treated as no cache.
 *
 * The format is columnar: one typed array holds every file's packed
 * references, another each file's string indices into one shared table, so
 * that reading 100k files' results is a few large copies rather than
 * millions of small objects. Definitions and problems, found in few files,
 * are stored as objects, the definitions' ranges as numbers beside them.
 * The arrays are written straight from memory, section by section (see
 * `Header`; the writer is cacheSave.ts).
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import { NO_REFS, type CacheContents, type CacheData, type CachedFile, type CacheTable, type CurrentStats, type DocumentSettings, type FileEntry, type FileProblem, type PackedRefs, type RequirementDef, type WalkRecord } from '../core';
import { SharedStats } from './statWorker';

/** Bump when FileEntry, any parser's output or this layout changes shape or meaning. */
export const CACHE_FORMAT = 9;

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
 * whatever they hold; Latin-1 when they allow it); definitions and problems
 * through v8.serialize.
 */
export interface Header {
  format: number;
  /** Typed arrays are stored in the writer's byte order. */
  littleEndian: boolean;
  configText: string;
  dialects: string;
  /**
   * The walk without its file list (the `walkFiles` section) and its folders
   * (the `dirs`, `dirLengths` and `dirMtimes` sections: as JSON, the 5k
   * folders and 9k extra files of a 50k-file tree took 15-30 ms to parse).
   */
  walk: Omit<WalkRecord, 'files' | 'dirs'> | null;
  /** The numbers k of the `extra` files (see Stored) the index listed all the same (they had a role: too large, binary...). */
  walkRoled: number[];
  /** How the string sections hold their characters: one byte each when every one is below 256. */
  encodings: Record<StringSection, StringEncoding>;
  files: number;
  sections: number[];
}

/** A string section's encoding: lossless either way (Latin-1 only for strings with no character above 255). */
export type StringEncoding = 'latin1' | 'utf16le';

/** Section order: the walk's folders first, which the stat thread needs with the paths. */
export const SECTIONS = ['dirs', 'dirLengths', 'dirMtimes', 'paths', 'pathLengths', 'sizes', 'mtimes', 'flags', 'strings', 'stringLengths', 'stringIndices', 'stringStart', 'data', 'dataStart', 'specs', 'defRanges', 'walkFiles', 'extra', 'extraLengths'] as const;

/** The sections of strings (one run of text, cut at the lengths of a section beside it). */
export type StringSection = 'dirs' | 'paths' | 'strings' | 'extra';

export const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

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
  /** [file index, definitions (without their ranges, file and empty lists), problems, document] of the files that have any. */
  specs: Array<[number, StoredDef[], FileProblem[], DocumentSettings?]>;
  /** Per definition in `specs` order, the 8 numbers of its `range` and `fullRange`. */
  defRanges: Int32Array;
  /**
   * The walk's file list in its order: i >= 0 is paths[i], -1 - k is
   * extra[k]. The same string objects as the index's paths,
   * which the warm start looks up by: one hash each instead of two.
   */
  walkFiles: Int32Array;
  /** Files the walk listed that are not among `paths` (binary, too large...), in the order `walkFiles` refers to them. */
  extra: string[];
  /** The walk's folders, and each one's mtime when it was read. */
  dirs: string[];
  dirMtimes: Float64Array;
}

/**
 * A definition as stored: its two ranges go to `defRanges` (six objects
 * fewer per definition to write and read back), its file is the entry's,
 * and empty tag and parent lists are left out.
 */
export type StoredDef = Omit<RequirementDef, 'range' | 'fullRange' | 'file' | 'tags' | 'parents'> & Partial<Pick<RequirementDef, 'tags' | 'parents'>>;

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

/** Shared by the entries without definitions or problems (most files); the index replaces them with its own. */
const NO_DEFS: RequirementDef[] = Object.freeze([]) as unknown as RequirementDef[];
const NO_PROBLEMS: FileProblem[] = Object.freeze([]) as unknown as FileProblem[];

/**
 * The cached results, or undefined when there is no usable cache. Given the
 * workspace `root` and the config `key` the caller accepts, a cache made
 * under that key comes with its folders and files stat'ed in a thread
 * beside the decode (`current`).
 */
export function loadCache(file: string, key?: string, root?: string, statThreadMin = STAT_THREAD_MIN): CacheContents | undefined {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch {
    return undefined;
  }
  let thread: SharedStats | undefined;
  let current: (() => Promise<CurrentStats | undefined>) | undefined;
  try {
    const read = readStored(fd, fs.fstatSync(fd).size, (header, dirs) => {
      if (root === undefined || header.configText !== key || !header.walk) return undefined;
      // Started as soon as the folders are read: the thread loads while the other sections are.
      const t = dirs.length + header.files >= statThreadMin ? (thread = startStats(root)) : undefined;
      if (!t) return undefined;
      return (bytes, encoding, paths, lengths) => (current = t.share(dirs, paths, bytes, encoding, lengths));
    });
    if (!read) return undefined;
    const { header, stored: s } = read;
    const n = header.files;
    if (![s.paths, s.sizes, s.mtimes, s.flags].every((a) => a.length === n) || s.stringStart.length !== n + 1 || s.dataStart.length !== n + 1) return undefined;
    const specs: SpecsBySlot = new Map();
    let at = 0;
    for (const [i, stored, problems, document] of s.specs) {
      const defs = stored.map((d) => {
        const def = restoreDef(d, s.paths[i], s.defRanges, at);
        at += 8;
        return def;
      });
      specs.set(i, document ? { defs, problems, document } : { defs, problems });
    }
    if (at !== s.defRanges.length) return undefined;
    const files = new StoredFiles(s, specs);
    let walk: WalkRecord | undefined;
    if (header.walk) {
      if (!Array.isArray(header.walkRoled) || s.dirMtimes.length !== s.dirs.length) return undefined;
      // A loop, not Array.from with a function: 39k calls of it took 5 ms of a warm check, run once and so never optimised.
      const walkFiles = new Array<string>(s.walkFiles.length);
      for (let i = 0; i < walkFiles.length; i++) {
        const k = s.walkFiles[i];
        const f = k >= 0 ? s.paths[k] : s.extra[-1 - k];
        if (typeof f !== 'string') return undefined;
        walkFiles[i] = f;
      }
      walk = { ...header.walk, dirs: s.dirs.map((d, i): [string, number] => [d, s.dirMtimes[i]]), files: walkFiles };
    }
    const table: CacheTable = { strings: s.strings, stringIndices: s.stringIndices, stringStart: s.stringStart };
    const inputs = walk && inputsOf(walk.files, s.walkFiles, header.walkRoled);
    const contents: CacheContents = { configText: header.configText, dialects: header.dialects, walk, files, table, ...inputs, current };
    thread = undefined;
    return contents;
  } catch {
    return undefined;
  } finally {
    fs.closeSync(fd);
    // Not returned: its stats are of no use.
    thread?.dispose();
  }
}

/**
 * Folders and files to stat below which a cache's stats go through the
 * host instead of a thread: the thread's start then costs more than it
 * saves. Measured with the warm in-process index: at 1k files (S) a thread
 * took 64-80 ms against 47-64 ms without; at 10k (M) 281-296 ms against
 * 292-344 ms.
 */
export const STAT_THREAD_MIN = 5000;

/** A stat thread, or undefined when none can start (the engine then stats through its host). */
function startStats(root: string): SharedStats | undefined {
  try {
    return new SharedStats(root);
  } catch {
    return undefined;
  }
}

/** The walk's files that had a role (those with an entry, and the extras listed in `roled`), with their slots. */
function inputsOf(walkFiles: readonly string[], numbers: Int32Array, roled: readonly number[]): { inputs: string[]; inputSlots: Int32Array } {
  const extra = new Uint8Array(numbers.length);
  for (const k of roled) extra[k] = 1;
  const listed = (k: number) => k >= 0 || extra[-1 - k] === 1;
  let count = 0;
  for (let w = 0; w < numbers.length; w++) if (listed(numbers[w])) count++;
  const inputs = new Array<string>(count);
  const inputSlots = new Int32Array(count);
  for (let w = 0, j = 0; w < numbers.length; w++) {
    const k = numbers[w];
    if (!listed(k)) continue;
    inputs[j] = walkFiles[w];
    inputSlots[j++] = k >= 0 ? k : -1;
  }
  return { inputs, inputSlots };
}

/** Definitions, problems and document settings of the files that have any, by slot. */
type SpecsBySlot = Map<number, { defs: RequirementDef[]; problems: FileProblem[]; document?: DocumentSettings }>;

/** The files of a loaded cache: each file's entry (and CachedFile) is made when first asked for. */
class StoredFiles implements CacheData {
  private bySlot: Map<string, number> | undefined;
  private readonly entries: Array<FileEntry | undefined>;
  private readonly cached: Array<CachedFile | undefined>;

  constructor(
    private readonly s: Stored,
    private readonly specs: SpecsBySlot,
  ) {
    this.entries = new Array<FileEntry | undefined>(s.paths.length);
    this.cached = new Array<CachedFile | undefined>(s.paths.length);
  }

  get size(): number {
    return this.s.paths.length;
  }

  slotOf(file: string): number | undefined {
    if (!this.bySlot) {
      this.bySlot = new Map();
      this.s.paths.forEach((p, slot) => this.bySlot!.set(p, slot));
    }
    return this.bySlot.get(file);
  }

  has(file: string): boolean {
    return this.slotOf(file) !== undefined;
  }

  keys(): IterableIterator<string> {
    return this.s.paths.values();
  }

  sizeAt(slot: number): number {
    return this.s.sizes[slot];
  }

  mtimeAt(slot: number): number {
    return this.s.mtimes[slot];
  }

  entryAt(slot: number): FileEntry {
    const made = this.entries[slot];
    if (made) return made;
    const { s } = this;
    const spec = this.specs.get(slot);
    const entry: FileEntry = {
      file: s.paths[slot],
      isSpec: (s.flags[slot] & 1) !== 0,
      isTest: (s.flags[slot] & 2) !== 0,
      defs: spec?.defs ?? NO_DEFS,
      refs: refsAt(s, slot),
      problems: spec?.problems ?? NO_PROBLEMS,
    };
    if (spec?.document) entry.document = spec.document;
    return (this.entries[slot] = entry);
  }

  get(file: string): CachedFile | undefined {
    const slot = this.slotOf(file);
    if (slot === undefined) return undefined;
    return (this.cached[slot] ??= { size: this.s.sizes[slot], mtimeMs: this.s.mtimes[slot], entry: this.entryAt(slot), slot });
  }
}

/**
 * Reads a cache file's header, then each section straight into an array of
 * its own (no image of the whole file in memory). Undefined when it is not
 * of this format; throws when it is cut short.
 */
function readStored(
  fd: number,
  fileSize: number,
  onHeader?: (header: Header, dirs: string[]) => ((pathBytes: Buffer, encoding: StringEncoding, paths: string[], pathLengths: Int32Array) => void) | undefined,
): { header: Header; stored: Stored } | undefined {
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
  const strings = (name: StringSection, lengths: Int32Array): string[] => {
    const bytes = bytesOf(name);
    const encoding = header.encodings[name];
    if (encoding !== 'latin1' && encoding !== 'utf16le') throw new Error(`bad encoding of ${name}`);
    const all = bytes.toString(encoding);
    const out: string[] = new Array(lengths.length);
    let from = 0;
    for (let i = 0; i < lengths.length; i++) out[i] = all.slice(from, (from += lengths[i]));
    if (from !== all.length) throw new Error(`bad section ${name}`);
    // The paths' bytes go on to the stat thread, which cuts them as this does.
    if (name === 'paths') onPaths?.(bytes, encoding, out, lengths);
    return out;
  };
  const dirs = strings('dirs', array('dirLengths', Int32Array));
  const dirMtimes = array('dirMtimes', Float64Array);
  const onPaths = onHeader?.(header, dirs);
  const stored: Stored = {
    dirs,
    dirMtimes,
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
    extra: strings('extra', array('extraLengths', Int32Array)),
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

