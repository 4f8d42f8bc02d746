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

export type CacheData = Map<string, CachedFile>;

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
    if (this.entries[position] === undefined) this.count++;
    this.entries[position] = read.entry;
    this.sizes[position] = read.size;
    this.mtimes[position] = read.mtimeMs;
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
  /** The stored index, or undefined when there is none usable (unreadable counts as none). */
  load(): CacheContents | undefined;
  /** Replaces the stored index; `pause` is awaited between slices of the work. May reject. */
  save(contents: SaveContents, pause?: () => Promise<void>): Promise<void>;
}
