/**
 * What the engine keeps between runs: the results of a full index (per-file
 * entries keyed by path, validated by size and mtime) and the file list of
 * its walk. The store itself is outside the core (the Node fronts keep it in
 * a file, node/cacheLoad.ts and node/cacheSave.ts; the browser build keeps
 * none): the engine gets an `IndexCacheStore` at construction.
 */
import type { FileEntry } from './fileEntry';
import type { WalkRecord } from '../workspace/fileSelection';

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

/**
 * A loaded cache's files, numbered by slot. A warm start that goes through
 * the cache's own list takes them by slot, and no object is made for a file
 * until its entry is wanted: 30k small objects (and a map of them) were a
 * tenth of a warm check of a 50k-file tree, mostly in the collector.
 */
export interface CacheData {
  readonly size: number;
  /** The cached file at a path (the same object each time). */
  get(file: string): CachedFile | undefined;
  has(file: string): boolean;
  /** The paths, by slot. */
  keys(): IterableIterator<string>;
  slotOf(file: string): number | undefined;
  sizeAt(slot: number): number;
  mtimeAt(slot: number): number;
  /** File `slot`'s entry (the same object each time). */
  entryAt(slot: number): FileEntry;
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
  /**
   * The index's file list when it was saved: the walk's files that had a
   * role, in its order. Under the same config, dialects and walk the
   * classifier gives the same list, so a warm start need not ask it again.
   */
  inputs?: string[];
  /** The slot of each of `inputs` in `files` (-1: none, a file the index could not take). */
  inputSlots?: Int32Array;
  /**
   * The current state of the walk's folders and the cached files, taken
   * beside the decode (a store that can do so starts it as soon as it knows
   * the paths, in another thread). Called when they are wanted: the caller's
   * thread then helps take what is left, and until then has other work to
   * do. Undefined, or resolving to undefined: stat through the host.
   */
  current?: () => Promise<CurrentStats | undefined>;
}

/**
 * Stats taken now for a cache: `dirMtimes[i]` is the mtime of `walk.dirs[i]`,
 * `sizes[slot]` and `mtimes[slot]` those of the cached file numbered `slot`
 * (CachedFile.slot). NaN: gone, or not a folder (a regular file).
 */
export interface CurrentStats {
  dirMtimes: Float64Array;
  sizes: Float64Array;
  mtimes: Float64Array;
}

/**
 * What a full index read, to be saved: for each file of the index's list
 * (the walk's order), its entry with the size and mtime it was read at.
 * Columns by position rather than a map of objects: at 100k files the map
 * held 9.5 MB from the end of the index until the cache was written, and
 * the positions give the save the walk's order.
 */
export class IndexedFiles {
  readonly entries: Array<FileEntry | undefined>;
  readonly sizes: Float64Array;
  readonly mtimes: Float64Array;
  /** Positions holding an entry. */
  count = 0;

  constructor(readonly files: readonly string[]) {
    this.entries = new Array<FileEntry | undefined>(files.length);
    this.sizes = new Float64Array(files.length);
    this.mtimes = new Float64Array(files.length);
  }

  set(position: number, read: CachedFile): void {
    this.put(position, read.entry, read.size, read.mtimeMs);
  }

  put(position: number, entry: FileEntry, size: number, mtimeMs: number): void {
    if (this.entries[position] === undefined) this.count++;
    this.entries[position] = entry;
    this.sizes[position] = size;
    this.mtimes[position] = mtimeMs;
  }
}

/** What a store saves. */
export interface SaveContents {
  configText: string;
  dialects: string;
  /** Its files are `indexed.files` with the walk's other files among them, in the same order. */
  walk?: WalkRecord;
  indexed: IndexedFiles;
}

/** Where one workspace's persisted index lives (EngineOptions.indexCache). */
export interface IndexCacheStore {
  /** Where it is, for log lines. */
  readonly location: string;
  /**
   * The stored index, or undefined when there is none usable (unreadable
   * counts as none). `key`: the config key the caller will accept; a store
   * may skip work (stats) for a cache made under another.
   */
  load(key?: string): CacheContents | undefined;
  /** Replaces the stored index; `pause` is awaited between slices of the work. May reject. */
  save(contents: SaveContents, pause?: () => Promise<void>): Promise<void>;
}
