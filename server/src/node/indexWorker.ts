/**
 * The cold index in worker threads. Reading and analysing files is CPU and
 * syscall work that parallelises; the main thread only merges results into
 * the index, so a server stays responsive while a large workspace indexes.
 *
 * The worker runs from the same bundle as its parent (server.js or cli.js):
 * the entry point calls `runIndexWorkerIfAny()` first.
 */
import { availableParallelism } from 'node:os';
import { isMainThread, parentPort, Worker, workerData, type MessagePort } from 'node:worker_threads';
import { Engine, needsNoText, readBatchForIndexing, readForIndexing, type CachedFile, type HostRead, type FileEntry, type FileRole, type IndexWorkerPool, type WorkerJob as CoreJob, type WorkerResult, type WorkQueue } from '../core';
import { NodeHost } from './nodeHost';
import { recheckPattern } from './recheck';
import { serialScavenge } from './serialScavenge';
import { decodeResults, encodeResults, transferable, type EncodedResults } from './workerResults';

const WORKER_KIND = 'reqtrace-index-worker';
/** Files handed to a worker at a time (and results posted back per message). */
const CHUNK = 128;
/**
 * Chunks a worker holds ahead of the one it analyses, so that it is not idle
 * while the main thread is busy (merging, reading, collecting garbage) and
 * has not yet answered its last results with the next chunk. With one, once
 * the workers analysed faster (#19), a worker was idle 0.9-1.1 s of a
 * profiled cold index at L, spread over the whole run; with two, 20 ms.
 * More would let results pile up in the main thread's queue when it merges
 * slower than workers analyse.
 */
const AHEAD = 2;
/**
 * Definitions (and problems) past which a worker sends the results it has
 * before finishing its chunk. The main thread takes a message in one piece:
 * a chunk of 128 spec files (12k definitions in the benchmark) held it for
 * 50-80 ms, and a hover with it.
 */
const MESSAGE_DEFS = 1000;
/** Files of a chunk read in one host call (see NodeHost's `readManyForIndex`). */
const READ_BATCH = 32;
/**
 * A worker's young generation. What a worker allocates dies with the file it
 * analyses, but what is alive when a collection comes is copied: the results
 * of its chunk until they are posted, and above all a YAML spec's document
 * while the `yaml` package builds it (YAML is 2.8 MB of the L corpus and
 * about 1.2 GB of what indexing it allocates). The cost is per collection, so
 * the size sets how many there are. Indexing the 100k-file L corpus, a worker
 * ran about 1,300 collections (1.4-1.5 s) at 6 MB, 283-330 (0.5-1.0 s) at 16
 * MB and 146-185 (0.36-0.7 s) at 32 MB; two-thread L indexes were faster in
 * 6 of 6 interleaved pairs at 32 than at 16 (1.6% at the median). Peak RSS
 * of `check` at L, which must stay under 400 MB, did not follow: 358-364 MB
 * at 16 and 339-367 at 32 in three runs each.
 */
const YOUNG_GENERATION_MB = 32;

/** A worker's first message: the analysis setup (the engine's job and the folder). Files come in chunks after it. */
export interface WorkerJob extends CoreJob {
  kind: typeof WORKER_KIND;
  root: string;
}

/** Main thread → worker: files to index with their cached [size, mtimeMs] (null = none); no files = stop. */
interface Chunk {
  files: string[];
  cached: Array<[number, number] | null>;
}

/** Results in file order; `more` when the rest of the chunk's results follow in further messages. */
type WorkerMessage = { results: EncodedResults; more?: true } | { error: string };

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
export class IndexWorkers implements IndexWorkerPool {
  private readonly threads: Worker[];

  /** `root`: the workspace folder the workers read. */
  constructor(
    script: string,
    count: number,
    private readonly root: string,
  ) {
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
    job: CoreJob,
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
    // From here on the index's threads may keep every core busy: see serialScavenge.
    const release = serialScavenge.hold(this.threads.length + 1);
    try {
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
                let results: WorkerResult[];
                try {
                  results = decodeResults(m.results, head.files, head.done);
                } catch (e) {
                  reject(e);
                  return;
                }
                results.forEach((r, i) => onResult(r, head.from + head.done + i));
                head.done += results.length;
                if (m.more) return;
                sent.shift();
                send();
              });
              w.on('error', reject);
              w.on('exit', (code) => (code === 0 && sent.length === 0 ? resolve() : reject(new Error(`index worker exited with ${code}`))));
              w.postMessage({ ...job, root: this.root, kind: WORKER_KIND } satisfies WorkerJob);
              for (let i = 0; i <= AHEAD; i++) send();
            }),
        ),
      );
    } finally {
      release();
    }
  }
}

/** How an engine starts worker threads from `script` (a bundle that calls `runIndexWorkerIfAny` first) for the folder `root`. */
export function nodeIndexWorkers(script: string, root: string): () => IndexWorkerPool {
  return () => new IndexWorkers(script, indexWorkerCount(), root);
}

/** A worker's analysis of one file; `needsNoText` as in `readForIndexing`. */
export type WorkerAnalyze = ((file: string, text: string, bytes?: Uint8Array) => FileEntry | undefined) & { needsNoText?: (file: string, bytes: Uint8Array) => boolean };

/** The analysis a worker thread runs for a job: an engine of its own, with the parent's config and dialects. */
export function workerAnalyzer(job: WorkerJob): WorkerAnalyze {
  const engine = new Engine({ host: new NodeHost(job.root), dialects: job.dialects, checkPattern: recheckPattern });
  engine.setKnownFiles(job.knownFiles);
  engine.applyConfigText(job.configText);
  // The role of the file last asked about, so that deciding to skip its text and analysing it classify it once.
  let last: { file: string; role: FileRole | undefined } = { file: '', role: undefined };
  const roleOf = (file: string) => (last.file === file ? last.role : (last = { file, role: engine.classifier.roleOf(file) }).role);
  return Object.assign(
    (file: string, text: string, bytes?: Uint8Array) => {
      const role = roleOf(file);
      return role ? engine.analyze(file, text, role, bytes) : undefined;
    },
    {
      needsNoText: (file: string, bytes: Uint8Array) => {
        const role = roleOf(file);
        return role !== undefined && needsNoText(engine, role, bytes);
      },
    },
  );
}

/** In a worker started by IndexWorkers: do the job and return true. Elsewhere: false. */
export function runIndexWorkerIfAny(analyze: (job: WorkerJob) => WorkerAnalyze = workerAnalyzer): boolean {
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
      // The host may read fewer files than asked (a batch of large files): the next batch starts after them.
      for (let b = 0; b < m.files.length; ) {
        const files = m.files.slice(b, b + READ_BATCH);
        const cached = m.cached.slice(b, b + READ_BATCH).map((c) => (c ? { size: c[0], mtimeMs: c[1] } : undefined));
        const reads = readBatchForIndexing((f, max, c) => host!.readManyForIndex(f, max, c, job!.mtimes), files, job.maxFileSize, cached);
        reads.forEach((read, j) => {
          const file = files[j];
          const r = loadRead(job!, file, read, analyzeFile!);
          results.push(r);
          if ('loaded' in r) weight += r.loaded.entry.defs.length + r.loaded.entry.problems.length;
          if (weight >= MESSAGE_DEFS && b + j < m.files.length - 1) {
            post(port, results, true);
            results = [];
            weight = 0;
          }
        });
        b += reads.length;
      }
      post(port, results, false);
    } catch (e) {
      port.postMessage({ error: (e as Error).stack ?? String(e) } satisfies WorkerMessage);
      port.close();
    }
  });
  return true;
}

/** Sends results to the main thread, their buffers handed over (see workerResults). */
function post(port: MessagePort, results: WorkerResult[], more: boolean): void {
  const encoded = encodeResults(results);
  const message: WorkerMessage = more ? { results: encoded, more } : { results: encoded };
  port.postMessage(message, transferable(encoded));
}

/** As the main thread indexes a file it read: `read` is what the host's batch read gave for it. */
function loadRead(job: WorkerJob, file: string, read: HostRead, analyzeFile: WorkerAnalyze): WorkerResult {
  const skip = analyzeFile.needsNoText;
  const r = readForIndexing(read, job.maxFileSize, skip && ((b) => skip(file, b)));
  if ('unchanged' in r) return { file, hit: true };
  if ('gone' in r) return { file, skipped: 'gone or not a regular file', warn: false };
  if ('failed' in r) return { file, skipped: `cannot read: ${r.failed}`, warn: true };
  if ('skipped' in r) return { file, skipped: r.skipped, warn: r.warn };
  const entry = analyzeFile(file, r.text, r.bytes);
  if (!entry) return { file, skipped: 'not indexed', warn: false };
  return { file, hit: false, loaded: { size: r.size, mtimeMs: r.mtimeMs, entry } };
}
