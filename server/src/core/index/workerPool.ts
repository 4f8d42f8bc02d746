/**
 * Indexing beside the main thread: what the engine hands to a pool of index
 * workers, and the queue they and the main thread take files from. The pool
 * itself is outside the core (node/indexWorker.ts runs Node worker threads;
 * the browser build has none): the engine gets a way to start one at
 * construction (EngineOptions.indexWorkers).
 */
import type { CachedFile } from './indexCache';

/** What a worker needs to analyse files as the engine does. */
export interface WorkerJob {
  configText: string | undefined;
  dialects: string[];
  knownFiles: string[];
  maxFileSize: number;
  /** As ReadContext's: whether reads must stat files for their mtimes. */
  mtimes: boolean;
}

/** One file's outcome, in the order of its chunk. */
export type WorkerResult =
  | { file: string; hit: true }
  | { file: string; hit: false; loaded: CachedFile }
  | { file: string; skipped: string; warn: boolean };

/** The files of a full index, taken in order by the main thread and by the workers. */
export class WorkQueue {
  private at = 0;
  constructor(readonly files: readonly string[]) {}

  /** The next `n` files (fewer at the end), the first at index `from` of `files`. */
  take(n: number): { from: number; files: string[] } {
    const from = this.at;
    const files = this.files.slice(from, from + n);
    this.at += files.length;
    return { from, files };
  }

  /** The index in `files` of the next file, or undefined when the queue is empty. */
  next(): number | undefined {
    return this.at < this.files.length ? this.at++ : undefined;
  }

  /** Hands out nothing more (cancellation). */
  close(): void {
    this.at = this.files.length;
  }

  /** When nothing is left to take: undefined if no more files will come, else resolves once more may have come (a queue the walk still fills). */
  more(): Promise<void> | undefined {
    return undefined;
  }
}

/**
 * Index workers, started before their job is known (starting takes a while,
 * which overlaps the walk that decides the job). `run` gives them the job
 * and the queue; `dispose` ends workers that turn out not to be needed.
 */
export interface IndexWorkerPool {
  readonly count: number;
  /**
   * Takes files from `queue` until it is empty; the main thread may take
   * files from the same queue meanwhile. Calls `onResult` on the main thread
   * as results arrive, with the file name the queue holds and its index in
   * the queue. The workers end when it resolves.
   */
  run(job: WorkerJob, queue: WorkQueue, cachedOf: (file: string) => CachedFile | undefined, onResult: (r: WorkerResult, index: number) => void): Promise<void>;
  dispose(): void;
}
