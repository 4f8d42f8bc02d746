/**
 * A cold full index that reads while it walks. The walk runs on the main
 * thread (its directory reads wait on the thread pool); without this, the
 * index workers sat idle until the whole walk ended, which on a deep real
 * repository was most of a second to several seconds. Here, every file the
 * walk lists that has a role goes into a queue the workers take from at
 * once; the main thread joins them when the walk ends.
 *
 * The roles are decided with the dialects known before the walk. The walk
 * may find a marker file that turns another dialect on: then the pipeline
 * stops feeding the workers, and the engine reads everything again the
 * usual way (what it read is dropped), so the result never depends on it.
 */
import type { Dialect } from '../dialects/dialect';
import { DIALECTS } from '../dialects/index';
import type { CancellationToken } from '../workspace/host';
import type { CachedFile } from './indexCache';
import { WorkQueue, type IndexWorkerPool, type WorkerJob } from './workerPool';
import { readInWorkers, readQueue, type Progress, type ReadContext, type Results } from './loadWorkspace';

/** Files a worker is handed at a time while the walk still runs: as many as it takes when it can (indexWorker's chunk). */
const BATCH = 128;

/** A queue the walk fills: takers wait while it is short of a batch and the walk goes on. */
class GrowingQueue extends WorkQueue {
  private ended = false;
  private taken = 0;
  private waiters: Array<() => void> = [];

  constructor(private readonly list: string[]) {
    super(list);
  }

  push(file: string): void {
    if (this.ended) return;
    this.list.push(file);
    if (this.list.length - this.taken >= BATCH) this.wake();
  }

  /** No more files will come. */
  end(): void {
    this.ended = true;
    this.wake();
  }

  override take(n: number): { from: number; files: string[] } {
    // While the walk runs, only whole batches: a worker's message per handful of files would cost more than it reads.
    if (!this.ended && this.list.length - this.taken < n) return { from: this.taken, files: [] };
    const r = super.take(n);
    this.taken = r.from + r.files.length;
    return r;
  }

  override next(): number | undefined {
    const i = this.ended ? super.next() : undefined;
    if (i !== undefined) this.taken = i + 1;
    return i;
  }

  override close(): void {
    super.close();
    this.end();
  }

  override more(): Promise<void> | undefined {
    return this.ended ? undefined : new Promise((resolve) => this.waiters.push(resolve));
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}

/** What the pipeline needs of the engine. */
export interface PipelineSetup {
  /** Its roleOf gives a file's role under the dialects known before the walk. */
  ctx: ReadContext;
  /** True for a file that would turn another dialect on (a marker): the pipeline stops. */
  changesDialects(file: string): boolean;
  /** Files with a role from which on workers read (fewer are read on the main thread alone). */
  workerThreshold: number;
  /** The engine's worker threads and their job, or undefined when it has none. */
  workers(): { workers: IndexWorkerPool; job: WorkerJob } | undefined;
  progress: Progress;
}

export class WalkPipeline {
  /** The files with a role, in the walk's order: the positions of the results. */
  readonly files: string[] = [];
  private readonly queue = new GrowingQueue(this.files);
  /** Results of files read during the walk, by position (the cache's list is made once the walk ends). */
  private readonly results: Array<[number, CachedFile]> = [];
  private threads: Promise<void> | undefined;
  private failed: unknown;
  /** True once a file the walk listed turned another dialect on. */
  stopped = false;

  constructor(private readonly setup: PipelineSetup) {}

  /** Told of each file the walk lists. */
  listed(file: string): void {
    if (this.stopped) return;
    if (this.setup.changesDialects(file)) {
      this.stopped = true;
      this.queue.close();
      return;
    }
    if (this.setup.ctx.roleOf(file) === undefined) return;
    this.queue.push(file);
    if (!this.threads && this.files.length >= this.setup.workerThreshold) this.startWorkers();
  }

  private startWorkers(): void {
    const pool = this.setup.workers();
    if (!pool) return;
    const record: Results = { set: (position, loaded) => this.results.push([position, loaded]) };
    this.threads = readInWorkers(this.setup.ctx, pool.workers, pool.job, this.queue, (i) => i, undefined, record, this.setup.progress);
    // Seen when finishing; until then a failure (the walk was cancelled and the threads ended) must not go unhandled.
    this.threads.catch((e: unknown) => (this.failed ??= e));
  }

  /** The walk ended with the same dialects: reads the rest on the main thread too, and records every result in `fresh`. */
  async finish(fresh: Results | undefined, token: CancellationToken): Promise<void> {
    this.queue.end();
    this.setup.ctx.stats.readDuringWalk = this.results.length;
    const record: Results = {
      set: (position, loaded) => {
        if (fresh) this.results.push([position, loaded]);
      },
    };
    await readQueue(this.setup.ctx, this.queue, (i) => i, this.threads, undefined, record, this.setup.progress, token);
    if (this.failed) throw this.failed;
    if (fresh) for (const [position, loaded] of this.results) fresh.set(position, loaded);
  }

  /** The walk ended with other dialects (or failed): hands out no more files and waits for the workers' last ones, which are dropped. */
  async abandon(): Promise<void> {
    this.stopped = true;
    this.queue.close();
    await this.threads?.catch(() => undefined);
  }
}

/**
 * A pipeline for a cold index under `active` dialects, or undefined when a
 * dialect in use reads the file list (a file's role or parse may depend on
 * files the walk has not listed yet).
 */
export function walkPipeline(active: readonly Dialect[], setup: Omit<PipelineSetup, 'changesDialects'>): WalkPipeline | undefined {
  if (active.some((d) => d.readsFileList)) return undefined;
  // The markers of the dialects not in use: anchored at the root, or `**/` + a name anywhere.
  const anchored = new Set<string>();
  const names = new Set<string>();
  for (const d of DIALECTS.values()) {
    if (active.includes(d)) continue;
    for (const m of d.markers ?? []) (m.startsWith('**/') ? names : anchored).add(m.replace(/^\*\*\//, ''));
  }
  const changesDialects = (file: string) => anchored.has(file) || names.has(file.slice(file.lastIndexOf('/') + 1));
  return new WalkPipeline({ ...setup, changesDialects });
}

/** True when two dialect lists name the same dialects in the same order. */
export function sameDialects(a: readonly Dialect[], b: readonly Dialect[]): boolean {
  return a.length === b.length && a.every((d, i) => d.name === b[i].name);
}
