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
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import { NO_REFS, refCount, type PackedRefs } from './packedRefs';
import type { FileProblem, RequirementDef } from './types';
import type { FileEntry } from './workspaceIndex';

/** Bump when FileEntry, any parser's output or this layout changes shape or meaning. */
const CACHE_FORMAT = 3;

export interface CachedFile {
  size: number;
  mtimeMs: number;
  entry: FileEntry;
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
}

/**
 * The cache file of a workspace: one per root, whatever the config, so
 * editing reqtrace.yaml replaces the cache instead of adding files.
 */
export function cacheFile(cacheDir: string, root: string): string {
  const key = createHash('sha256').update(`${path.resolve(root)}`).digest('hex').slice(0, 24);
  return path.join(cacheDir, `reqtrace-index-${key}.bin`);
}

/** The stored form: see the header comment. */
interface Stored {
  format: number;
  configText: string;
  dialects: string;
  walk: WalkRecord | null;
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
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch {
    return undefined;
  }
  try {
    const s = v8.deserialize(bytes) as Stored;
    if (s.format !== CACHE_FORMAT) return undefined;
    const n = s.paths.length;
    if (![s.sizes, s.mtimes, s.flags].every((a) => a.length === n) || s.stringStart.length !== n + 1 || s.dataStart.length !== n + 1) return undefined;
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
      files.set(entry.file, { size: s.sizes[i], mtimeMs: s.mtimes[i], entry });
    }
    return { configText: s.configText, dialects: s.dialects, walk: s.walk ?? undefined, files };
  } catch {
    return undefined;
  }
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

/** Writes atomically (temp file + rename) so a crash never leaves half a cache. */
export function saveCache(file: string, contents: CacheContents): void {
  const entries = [...contents.files];
  const n = entries.length;
  const stringIds = new Map<string, number>();
  const strings: string[] = [];
  const stringIndices: number[] = [];
  const stringStart = new Int32Array(n + 1);
  const dataStart = new Int32Array(n + 1);
  let dataLength = 0;
  for (const [, c] of entries) dataLength += refCount(c.entry.refs) === 0 ? 0 : c.entry.refs.data.length;
  const data = new Int32Array(dataLength);
  const stored: Stored = {
    format: CACHE_FORMAT,
    configText: contents.configText,
    dialects: contents.dialects,
    walk: contents.walk ?? null,
    paths: entries.map(([p]) => p),
    sizes: Float64Array.from(entries, ([, c]) => c.size),
    mtimes: Float64Array.from(entries, ([, c]) => c.mtimeMs),
    flags: Uint8Array.from(entries, ([, c]) => (c.entry.isSpec ? 1 : 0) | (c.entry.isTest ? 2 : 0)),
    strings,
    stringIndices: new Int32Array(0),
    stringStart,
    data,
    dataStart,
    specs: [],
    defRanges: new Int32Array(0),
  };
  const defRanges: number[] = [];
  let at = 0;
  entries.forEach(([, { entry }], i) => {
    if (refCount(entry.refs) > 0) {
      for (const str of entry.refs.strings) {
        let id = stringIds.get(str);
        if (id === undefined) {
          stringIds.set(str, (id = strings.length));
          strings.push(str);
        }
        stringIndices.push(id);
      }
      data.set(entry.refs.data, at);
      at += entry.refs.data.length;
    }
    stringStart[i + 1] = stringIndices.length;
    dataStart[i + 1] = at;
    if (entry.defs.length > 0 || entry.problems.length > 0) stored.specs.push([i, entry.defs.map((d) => storeDef(d, defRanges)), entry.problems]);
  });
  stored.defRanges = Int32Array.from(defRanges);
  stored.stringIndices = Int32Array.from(stringIndices);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, v8.serialize(stored));
  fs.renameSync(tmp, file);
}
