/**
 * What a full index did, and how long each phase took: the language
 * server logs it, the benchmark prints it.
 */

export interface IndexStats {
  /** Files indexed. */
  files: number;
  /** Files taken from the persisted cache (size and mtime unchanged). */
  fromCache: number;
  /** Files whose entry was taken from another engine's index (a commit indexed beside another, see `EntryReuse`). */
  reused: number;
  /** Worker threads started, and the files they read. */
  workers: number;
  fromWorkers: number;
  /** True when the file list came from the cache (no folder changed) rather than a walk. */
  walkReused: boolean;
  /** Files read while the walk still ran (walkPipeline.ts); 0 when the reading waited for the walk. */
  readDuringWalk: number;
  /** Milliseconds: loading the cache, walking (or checking the folders of the cached walk), taking unchanged files, reading the others, saving the cache. */
  phases: { loadMs: number; walkMs: number; unchangedMs: number; readMs: number; saveMs: number };
}

export const NO_STATS: IndexStats = { files: 0, fromCache: 0, reused: 0, workers: 0, fromWorkers: 0, walkReused: false, readDuringWalk: 0, phases: { loadMs: 0, walkMs: 0, unchangedMs: 0, readMs: 0, saveMs: 0 } };

/** Returns a function giving the milliseconds since the previous call (or since creation). */
export function phaseClock(): () => number {
  let last = performance.now();
  return () => {
    const now = performance.now();
    const ms = Math.round(now - last);
    last = now;
    return ms;
  };
}
