/**
 * The reading phase of a full index: the walk's files go into the index,
 * from the persisted cache when their size and mtime are unchanged (a warm
 * start), the others read and analysed on the main thread and, for many
 * files, in worker threads beside it. The engine decides what to read (the
 * walk, the cache, the config); this module only gets it into the index.
 */
import type { FileLoader } from './loadFile';
import type { FileRole } from '../workspace/fileSelection';
import { eventLoopTurns, throwIfCancelled, type CancellationToken, type WorkspaceHost } from '../workspace/host';
import type { CacheData, CachedFile, CacheTable, CurrentStats, IndexedFiles } from './indexCache';
import type { IndexStats } from './indexStats';
import type { FileEntry } from './fileEntry';
import type { HostRead } from '../workspace/readTextFile';
import { WorkQueue, type IndexWorkerPool, type WorkerJob } from './workerPool';
import type { WorkspaceIndex } from './workspaceIndex';

/** Files read and analysed at once during a full index, through a host that only reads asynchronously. */
const INDEX_CONCURRENCY = 32;
/**
 * With synchronous reads, the full index yields to the event loop after this
 * long: requests are answered, and the index workers' results taken in and
 * their next files sent (a worker holds about 10 ms of work).
 */
const YIELD_MS = 2;
/** Files the main thread reads in one host call (see NodeHost's `readManyForIndex`), a millisecond or two of work. */
const MAIN_BATCH = 16;

/** On a warm start, files stat'ed at once (each batch is a few milliseconds of work on the main thread). */
const STAT_BATCH = 1024;

/** What reading needs of the engine. */
export interface ReadContext {
  host: WorkspaceHost;
  index: WorkspaceIndex;
  loader: FileLoader;
  roleOf(file: string): FileRole | undefined;
  /** The run's statistics: worker threads used, and files they read. */
  stats: IndexStats;
  /** Whether anything keeps the files' sizes and mtimes (an index cache is written): else reads need no stat. */
  mtimes: boolean;
}

/** Files to read, with their positions in the walk's list (undefined: the same list). */
export interface ToRead {
  files: string[];
  positions: number[] | undefined;
  /** What the cache will hold, begun by a warm start that found files changed (`dropChanged`). */
  fresh?: IndexedFiles;
}

/** Told of every file done: true when it came from the cache. */
export type Progress = (hit: boolean) => void;

/**
 * A warm start: adds the cached entries of files whose size and mtime are
 * unchanged (one stat each, or `current`'s, taken already) and returns the
 * files to read, with their positions in `files`. `slots`, when given, is
 * each file's slot in `cached`.
 */
export async function takeUnchanged(
  ctx: ReadContext,
  files: string[],
  cached: CacheData,
  table: CacheTable | undefined,
  fresh: IndexedFiles | undefined,
  progress: Progress,
  token: CancellationToken,
  current?: CurrentStats,
  slots?: Int32Array,
): Promise<ToRead> {
  const { host } = ctx;
  const toRead: string[] = [];
  const positions: number[] = [];
  const unchanged: Unchanged = { entries: [], slots: [] };
  const take = (i: number, slot: number) => {
    const entry = cached.entryAt(slot);
    unchanged.entries.push(entry);
    unchanged.slots.push(slot);
    fresh?.put(i, entry, cached.sizeAt(slot), cached.mtimeAt(slot));
  };
  if (current) {
    for (let i = 0; i < files.length; i++) {
      const slot = slots ? slots[i] : (cached.slotOf(files[i]) ?? -1);
      if (slot >= 0 && current.sizes[slot] === cached.sizeAt(slot) && current.mtimes[slot] === cached.mtimeAt(slot)) take(i, slot);
      else {
        toRead.push(files[i]);
        positions.push(i);
      }
    }
    addUnchanged(ctx, unchanged, table, progress);
    return { files: toRead, positions };
  }
  if (!host.statManyForIndex) return { files, positions: undefined };
  const batches: string[][] = [];
  for (let i = 0; i < files.length; i += STAT_BATCH) batches.push(files.slice(i, i + STAT_BATCH));
  // The next batch's stats run in the thread pool while this one is looked at.
  let next = batches.length > 0 ? host.statManyForIndex(batches[0]) : undefined;
  for (let b = 0; b < batches.length; b++) {
    const stats = await next!;
    throwIfCancelled(token);
    next = b + 1 < batches.length ? host.statManyForIndex(batches[b + 1]) : undefined;
    batches[b].forEach((file, i) => {
      const slot = cached.slotOf(file);
      const st = stats[i];
      if (slot !== undefined && st && st.size === cached.sizeAt(slot) && st.mtimeMs === cached.mtimeAt(slot)) take(b * STAT_BATCH + i, slot);
      else {
        toRead.push(file);
        positions.push(b * STAT_BATCH + i);
      }
    });
  }
  addUnchanged(ctx, unchanged, table, progress);
  return { files: toRead, positions };
}

/**
 * A warm start's first half, taken while the stats are still coming (a
 * thread takes them): every cached entry of `files` (`slots[i]` is file i's
 * slot in `cached`, -1 for none) goes into the index as if unchanged.
 * `dropChanged` then takes out what the stats show changed. The work done
 * before the stats arrive is work the main thread no longer does after them,
 * while the other core stats alone.
 */
export function addAllCached(ctx: ReadContext, cached: CacheData, table: CacheTable | undefined, slots: Int32Array): void {
  const all: Unchanged = { entries: [], slots: [] };
  for (const slot of slots) {
    if (slot < 0) continue;
    all.entries.push(cached.entryAt(slot));
    all.slots.push(slot);
  }
  addEntries(ctx, all, table);
}

/**
 * A warm start's second half, after `addAllCached` with the same `files` and
 * `slots`: the files whose size or mtime differ from the cache's (or that it
 * has no entry for) leave the index and are returned, to be read; the others
 * count as taken from the cache.
 */
export function dropChanged(ctx: ReadContext, files: string[], cached: CacheData, slots: Int32Array, current: CurrentStats, fresh: (() => IndexedFiles) | undefined, progress: Progress): ToRead {
  const toRead: string[] = [];
  const positions: number[] = [];
  const same = (slot: number) => slot >= 0 && current.sizes[slot] === cached.sizeAt(slot) && current.mtimes[slot] === cached.mtimeAt(slot);
  for (let i = 0; i < files.length; i++) {
    const slot = slots[i];
    if (same(slot)) {
      progress(true);
      continue;
    }
    if (slot >= 0) ctx.index.remove(files[i]);
    toRead.push(files[i]);
    positions.push(i);
  }
  // What the cache will hold (`fresh` makes it), only when it will be written: with nothing changed, nothing is
  // (at R, making and filling it for 30k files took 10-18 ms after the stats).
  const indexed = toRead.length > 0 ? fresh?.() : undefined;
  if (indexed) {
    for (let i = 0; i < files.length; i++) {
      const slot = slots[i];
      if (same(slot)) indexed.put(i, cached.entryAt(slot), cached.sizeAt(slot), cached.mtimeAt(slot));
    }
  }
  return { files: toRead, positions, fresh: indexed };
}

/** The cached entries found unchanged, with their slots. */
interface Unchanged {
  entries: FileEntry[];
  slots: number[];
}

/** Adds the cached entries found unchanged to the index. */
function addUnchanged(ctx: ReadContext, unchanged: Unchanged, table: CacheTable | undefined, progress: Progress): void {
  addEntries(ctx, unchanged, table);
  for (let i = 0; i < unchanged.entries.length; i++) progress(true);
}

/** Adds cached entries to the index, all at once: it builds its per-ID lists at their final size from the cache's string numbers. */
function addEntries(ctx: ReadContext, entries: Unchanged, table: CacheTable | undefined): void {
  if (table) ctx.index.addFromTable(entries.entries, entries.slots, table);
  else for (const entry of entries.entries) ctx.index.add(entry);
}

/** Adds the entries `entryOf` gives (another index's, for unchanged files); returns the files still to read. */
export function takeReused(ctx: ReadContext, files: string[], entryOf: (file: string) => FileEntry | undefined, progress: Progress): string[] {
  const toRead: string[] = [];
  for (const f of files) {
    const entry = entryOf(f);
    if (!entry) {
      toRead.push(f);
      continue;
    }
    ctx.index.add(entry);
    ctx.stats.reused++;
    progress(false);
  }
  return toRead;
}

/**
 * Reads, analyses and indexes `toRead`: on the main thread, and in `pool`'s
 * worker threads when given, all taking files from one queue. `fresh`, when
 * given, records each file's result at its position for the cache.
 */
export async function readFiles(
  ctx: ReadContext,
  toRead: ToRead,
  pool: { workers: IndexWorkerPool; job: WorkerJob } | undefined,
  cached: CacheData | undefined,
  fresh: Results | undefined,
  progress: Progress,
  token: CancellationToken,
): Promise<void> {
  const queue = new WorkQueue(toRead.files);
  // A queued file's position in the walk's list.
  const { positions } = toRead;
  const positionOf = positions ? (i: number) => positions[i] : (i: number) => i;
  const threads = pool && readInWorkers(ctx, pool.workers, pool.job, queue, positionOf, cached, fresh, progress);
  await readQueue(ctx, queue, positionOf, threads, cached, fresh, progress, token);
}

/** Where the results of a full index go, by position (the cache's IndexedFiles). */
export type Results = Pick<IndexedFiles, 'set'>;

/**
 * Reads `queue`'s files on the main thread until it is empty for good, beside
 * `threads` (the workers reading from it), and waits for both.
 */
export async function readQueue(
  ctx: ReadContext,
  queue: WorkQueue,
  positionOf: (queued: number) => number,
  threads: Promise<void> | undefined,
  cached: CacheData | undefined,
  fresh: Results | undefined,
  progress: Progress,
  token: CancellationToken,
): Promise<void> {
  // The main thread takes files from the same queue. Synchronous reads:
  // one loop, which yields every few milliseconds (several loops would not:
  // while one waits, the others go on in microtasks, and the event loop
  // only turns once all of them wait; a language server measured 42 ms
  // between turns and its worker thread idle most of the time). Otherwise
  // a small pool, so that reads overlap.
  const sync = ctx.host.readManyForIndex !== undefined;
  const loop = async () => {
    const turn = sync ? eventLoopTurns(YIELD_MS) : () => undefined;
    for (;;) {
      const batch = takeBatch(queue, sync ? MAIN_BATCH : 1);
      if (batch.length === 0) {
        const more = queue.more();
        if (!more) return;
        await more;
        continue;
      }
      if (token.isCancellationRequested) queue.close();
      throwIfCancelled(token);
      if (sync) {
        // Synchronous reads await nothing but the turns, between files: two awaits per file were about 2%
        // of what the L corpus's index allocates.
        const turned = readBatchSync(ctx, queue, batch, positionOf, cached, fresh, progress, turn);
        if (turned) await turned;
      } else {
        progress(await readOne(ctx, queue.files[batch[0]], positionOf(batch[0]), cached, fresh));
      }
    }
  };
  await Promise.all([threads, ...Array.from({ length: sync ? 1 : Math.min(INDEX_CONCURRENCY, Math.max(1, queue.files.length)) }, loop)]);
  throwIfCancelled(token);
}

/** Indexes files from `queue` in worker threads, beside the main thread. */
export async function readInWorkers(
  ctx: ReadContext,
  workers: IndexWorkerPool,
  job: WorkerJob,
  queue: WorkQueue,
  positionOf: (queued: number) => number,
  cached: CacheData | undefined,
  fresh: Results | undefined,
  progress: Progress,
): Promise<void> {
  ctx.stats.workers = workers.count;
  await workers.run(
    job,
    queue,
    (f) => cached?.get(f),
    (r, queued) => {
      if ('skipped' in r) {
        ctx.loader.logSkipped(r.file, r);
        progress(false);
        return;
      }
      const loaded = r.hit ? cached!.get(r.file)! : r.loaded;
      loaded.entry.file = r.file;
      ctx.stats.fromWorkers++;
      ctx.index.add(loaded.entry);
      fresh?.set(positionOf(queued), loaded);
      progress(r.hit);
    },
  );
}

/** Indexes one file on the main thread, from the cache when its size and mtime match. Returns true on a cache hit. */
async function readOne(ctx: ReadContext, file: string, position: number, cached: CacheData | undefined, fresh: Results | undefined): Promise<boolean> {
  const role = ctx.roleOf(file);
  const cachedFile = cached?.get(file);
  return added(ctx, role && (await ctx.loader.load(file, role, cachedFile)), position, cachedFile, fresh);
}

/** Up to `n` files of `queue` that it has now, by index. */
function takeBatch(queue: WorkQueue, n: number): number[] {
  const batch: number[] = [];
  for (let i; batch.length < n && (i = queue.next()) !== undefined; ) batch.push(i);
  return batch;
}

/**
 * `readOne` for a batch of queued files, through the host's synchronous
 * reads: one host call for the files that have a role (more when the host
 * ends a batch of large files early). The event loop turns between files
 * when `turn` says so (a batch of large files takes tens of milliseconds):
 * the files read and not done yet keep copies of their bytes then, since
 * the host's buffer is only theirs until its next call. The promise, when
 * there is one, is the batch's rest.
 */
function readBatchSync(
  ctx: ReadContext,
  queue: WorkQueue,
  batch: number[],
  positionOf: (queued: number) => number,
  cached: CacheData | undefined,
  fresh: Results | undefined,
  progress: Progress,
  turn: () => Promise<void> | undefined,
): Promise<void> | undefined {
  const files: string[] = [];
  const roles: FileRole[] = [];
  const cachedFiles: Array<CachedFile | undefined> = [];
  const queued: number[] = [];
  for (const i of batch) {
    const file = queue.files[i];
    const role = ctx.roleOf(file);
    if (!role) {
      progress(false);
      continue;
    }
    files.push(file);
    roles.push(role);
    cachedFiles.push(cached?.get(file));
    queued.push(i);
  }
  const reads: HostRead[] = [];
  const from = (j: number): Promise<void> | undefined => {
    for (; j < files.length; j++) {
      // The host reads a first part of what it is asked (less for large files): the rest when it is reached.
      if (j === reads.length) reads.push(...ctx.loader.readBatch(files.slice(j), cachedFiles.slice(j), ctx.mtimes));
      const loaded = ctx.loader.loadRead(files[j], roles[j], cachedFiles[j], reads[j]);
      progress(added(ctx, loaded, positionOf(queued[j]), cachedFiles[j], fresh));
      const turned = turn();
      if (!turned) continue;
      const next = j + 1;
      for (let k = next; k < reads.length; k++) {
        const r = reads[k];
        if (r && 'bytes' in r) reads[k] = { ...r, bytes: new Uint8Array(r.bytes) };
      }
      return next < files.length ? turned.then(() => from(next)) : turned;
    }
    return undefined;
  };
  return from(0);
}

/** Adds what a file's read gave, if anything; true when it was the cached entry. */
function added(ctx: ReadContext, loaded: CachedFile | undefined, position: number, cachedFile: CachedFile | undefined, fresh: Results | undefined): boolean {
  if (!loaded) return false;
  ctx.index.add(loaded.entry);
  fresh?.set(position, loaded);
  return loaded === cachedFile;
}
