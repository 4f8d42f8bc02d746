/**
 * The cold index in worker threads. Reading and analysing files is CPU and
 * syscall work that parallelises; the main thread only merges results into
 * the index, so a server stays responsive while a large workspace indexes.
 *
 * The worker runs from the same bundle as its parent (server.js or cli.js):
 * the entry point calls `runIndexWorkerIfAny()` first.
 */
import { availableParallelism } from 'node:os';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import type { CachedFile } from './cacheLoad';
import { readForIndexing } from '../workspace/readTextFile';
import { NodeHost } from '../workspace/nodeHost';
import type { FileEntry } from './fileEntry';

const WORKER_KIND = 'reqtrace-index-worker';
/** Files handed to a worker at a time (and results posted back per message). */
const CHUNK = 128;
/**
 * Chunks a worker holds ahead of the one it analyses. One is enough to keep
 * it busy while the main thread merges; more would let results pile up in
 * the main thread's queue when it merges slower than workers analyse.
 */
const AHEAD = 1;
/**
 * Definitions (and problems) past which a worker sends the results it has
 * before finishing its chunk. The main thread takes a message in one piece:
 * a chunk of 128 spec files (12k definitions in the benchmark) held it for
 * 50-80 ms, and a hover with it.
 */
const MESSAGE_DEFS = 1000;
/**
 * A worker's young generation. What a worker allocates dies with the file it
 * analyses, so a small young generation collects it as well; V8's default
 * (several times larger) only made the process bigger: at 100k files, peak
 * RSS 436 -> 420 MB at the same speed (3 MB was slower).
 */
const YOUNG_GENERATION_MB = 6;

/** A worker's first message: the analysis setup. Files come in chunks after it. */
export interface WorkerJob {
  kind: typeof WORKER_KIND;
  root: string;
  configText: string | undefined;
  dialects: string[];
  knownFiles: string[];
  maxFileSize: number;
}

/** Main thread → worker: files to index with their cached [size, mtimeMs] (null = none); no files = stop. */
interface Chunk {
  files: string[];
  cached: Array<[number, number] | null>;
}

/** One file's outcome, in the order of its chunk. */
export type WorkerResult =
  | { file: string; hit: true }
  | { file: string; hit: false; loaded: CachedFile }
  | { file: string; skipped: string; warn: boolean };

/** Results in file order; `more` when the rest of the chunk's results follow in further messages. */
type WorkerMessage = { results: WorkerResult[]; more?: true } | { error: string };

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

/** Worker threads a full index starts: one per core beside the main thread's (which analyses files too), at most 4. */
export function indexWorkerCount(): number {
  return Math.max(1, Math.min(availableParallelism() - 1, 4));
}

/**
 * Index worker threads, started before their job is known: loading the
 * bundle takes a worker about 100 ms, which overlaps the walk that decides
 * the job. `run` gives them the job and the queue; `dispose` ends threads
 * that turn out not to be needed.
 */
export class IndexWorkers {
  private readonly threads: Worker[];

  constructor(script: string, count: number) {
    this.threads = Array.from({ length: count }, () => new Worker(script, { workerData: { kind: WORKER_KIND }, resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB } }));
    // Threads without a job never keep the process alive; `run` holds them.
    for (const w of this.threads) w.unref();
  }

  get count(): number {
    return this.threads.length;
  }

  dispose(): void {
    for (const w of this.threads) void w.terminate();
  }

  /**
   * Takes chunks of files from `queue` until it is empty. The main thread
   * may take files from the same queue meanwhile; whoever is free takes the
   * next ones. Calls `onResult` on the main thread as results arrive, with
   * the file name the queue holds and its index in the queue. The threads
   * end when it resolves.
   */
  async run(
    job: Omit<WorkerJob, 'kind'>,
    queue: WorkQueue,
    cachedOf: (file: string) => CachedFile | undefined,
    onResult: (r: WorkerResult, index: number) => void,
  ): Promise<void> {
    const chunkOf = (): Chunk & { from: number } => {
      const { from, files } = queue.take(CHUNK);
      return {
        from,
        files,
        cached: files.map((f) => {
          const c = cachedOf(f);
          return c ? [c.size, c.mtimeMs] : null;
        }),
      };
    };
    await Promise.all(
      this.threads.map(
        (w) =>
          new Promise<void>((resolve, reject) => {
            w.ref();
            // The chunks sent and not answered yet, oldest first: results come back in this order.
            // `done`: how many of the chunk's results came already.
            const sent: Array<{ from: number; files: string[]; done: number }> = [];
            const send = () => {
              const { from, ...chunk } = chunkOf();
              // An empty chunk ends the worker: only when no more files will come.
              const more = chunk.files.length === 0 ? queue.more() : undefined;
              if (more) return void more.then(send);
              if (chunk.files.length > 0) sent.push({ from, files: chunk.files, done: 0 });
              w.postMessage(chunk);
            };
            w.on('message', (m: WorkerMessage) => {
              if ('error' in m) {
                reject(new Error(m.error));
                return;
              }
              const head = sent[0];
              // The main thread's own string for each file, not the copy that crossed threads.
              m.results.forEach((r, i) => {
                const k = head.done + i;
                if (r.file === head.files[k]) r.file = head.files[k];
                onResult(r, head.from + k);
              });
              head.done += m.results.length;
              if (m.more) return;
              sent.shift();
              send();
            });
            w.on('error', reject);
            w.on('exit', (code) => (code === 0 && sent.length === 0 ? resolve() : reject(new Error(`index worker exited with ${code}`))));
            w.postMessage({ ...job, kind: WORKER_KIND } satisfies WorkerJob);
            for (let i = 0; i <= AHEAD; i++) send();
          }),
      ),
    );
  }
}

/** A worker's analysis of one file; `needsNoText` as in `readForIndexing`. */
export type WorkerAnalyze = ((file: string, text: string) => FileEntry | undefined) & { needsNoText?: (file: string, bytes: Uint8Array) => boolean };

/** In a worker started by IndexWorkers: do the job and return true. Elsewhere: false. */
export function runIndexWorkerIfAny(analyze: (job: WorkerJob) => WorkerAnalyze): boolean {
  if (isMainThread || (workerData as { kind?: string } | undefined)?.kind !== WORKER_KIND) return false;
  const port = parentPort!;
  let job: WorkerJob | undefined;
  let analyzeFile: WorkerAnalyze | undefined;
  let host: NodeHost | undefined;
  port.on('message', (m: WorkerJob | Chunk) => {
    if ('kind' in m) {
      // The first message: the job.
      job = m;
      host = new NodeHost(job.root);
      return;
    }
    if (m.files.length === 0 || !job || !host) {
      // The queue is empty: nothing more will come.
      port.close();
      return;
    }
    try {
      analyzeFile ??= analyze(job);
      let results: WorkerResult[] = [];
      let weight = 0;
      m.files.forEach((file, i) => {
        const r = loadSync(host!, job!, file, m.cached[i], analyzeFile!);
        results.push(r);
        if ('loaded' in r) weight += r.loaded.entry.defs.length + r.loaded.entry.problems.length;
        if (weight >= MESSAGE_DEFS && i < m.files.length - 1) {
          shareOneBuffer(results);
          port.postMessage({ results, more: true } satisfies WorkerMessage);
          results = [];
          weight = 0;
        }
      });
      shareOneBuffer(results);
      port.postMessage({ results } satisfies WorkerMessage);
    } catch (e) {
      port.postMessage({ error: (e as Error).stack ?? String(e) } satisfies WorkerMessage);
      port.close();
    }
  });
  return true;
}

/**
 * Moves the packed refs of a chunk's files into one buffer, each file's a
 * view of it. A message copies one buffer instead of 128, and the main
 * thread keeps one buffer object per chunk instead of one per file (about
 * 150 bytes each, 15 MB at 100k files).
 */
function shareOneBuffer(results: WorkerResult[]): void {
  const entries = results.flatMap((r) => ('loaded' in r && r.loaded.entry.refs.data.length > 1 ? [r.loaded.entry] : []));
  const all = new Int32Array(entries.reduce((n, e) => n + e.refs.data.length, 0));
  let at = 0;
  for (const e of entries) {
    const { data } = e.refs;
    all.set(data, at);
    e.refs = { strings: e.refs.strings, data: all.subarray(at, at + data.length) };
    at += data.length;
  }
}

/** As the main thread reads for the full index: one open, no link checks (the walk vetted every path it listed). */
function loadSync(
  host: NodeHost,
  job: WorkerJob,
  file: string,
  cached: [number, number] | null,
  analyzeFile: WorkerAnalyze,
): WorkerResult {
  const skip = analyzeFile.needsNoText;
  const r = readForIndexing((f, max, c) => host.readForIndex(f, max, c), file, job.maxFileSize, cached ? { size: cached[0], mtimeMs: cached[1] } : undefined, skip && ((b) => skip(file, b)));
  if ('unchanged' in r) return { file, hit: true };
  if ('gone' in r) return { file, skipped: 'gone or not a regular file', warn: false };
  if ('failed' in r) return { file, skipped: `cannot read: ${r.failed}`, warn: true };
  if ('skipped' in r) return { file, skipped: r.skipped, warn: r.warn };
  const entry = analyzeFile(file, r.text);
  if (!entry) return { file, skipped: 'not indexed', warn: false };
  return { file, hit: false, loaded: { size: r.size, mtimeMs: r.mtimeMs, entry } };
}
