/**
 * The cold index in worker threads. Reading and analysing files is CPU and
 * syscall work that parallelises; the main thread only merges results into
 * the index, so a server stays responsive while a large workspace indexes.
 *
 * The worker runs from the same bundle as its parent (server.js or cli.js):
 * the entry point calls `runIndexWorkerIfAny()` first.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isMainThread, parentPort, Worker, workerData, type MessagePort } from 'node:worker_threads';
import type { CachedFile } from './indexCache';
import type { FileEntry } from './workspaceIndex';

const WORKER_KIND = 'reqtrace-index-worker';
/** Results posted back per message. */
const BATCH = 256;
/**
 * Batches a worker may have posted that the main thread has not merged yet.
 * Without a bound, workers that analyse faster than the main thread merges
 * pile their results up in the message queue: hundreds of megabytes at 100k files.
 */
const MAX_UNMERGED_BATCHES = 2;

export interface WorkerJob {
  kind: typeof WORKER_KIND;
  root: string;
  configText: string | undefined;
  dialects: string[];
  knownFiles: string[];
  files: string[];
  /** Cached [size, mtimeMs] per file of `files` (null = none). */
  cached: Array<[number, number] | null>;
  maxFileSize: number;
}

export type WorkerResult =
  | { file: string; hit: true }
  | { file: string; hit: false; loaded: CachedFile }
  | { file: string; skipped: string };

export type WorkerMessage = { results: WorkerResult[] } | { done: true } | { error: string };
/** From the main thread: a batch was merged. */
type MergedMessage = { merged: true };

/**
 * Indexes `files` with up to `workers` threads running `script`. Calls
 * `onResult` on the main thread as results arrive.
 */
export async function indexInWorkers(
  script: string,
  workers: number,
  job: Omit<WorkerJob, 'kind' | 'files' | 'cached'>,
  files: string[],
  cachedOf: (file: string) => CachedFile | undefined,
  onResult: (r: WorkerResult) => void,
): Promise<void> {
  const chunks: string[][] = Array.from({ length: workers }, () => []);
  files.forEach((f, i) => chunks[i % workers].push(f));
  await Promise.all(
    chunks.map(
      (chunk) =>
        new Promise<void>((resolve, reject) => {
          const data: WorkerJob = {
            ...job,
            kind: WORKER_KIND,
            files: chunk,
            cached: chunk.map((f) => {
              const c = cachedOf(f);
              return c ? [c.size, c.mtimeMs] : null;
            }),
          };
          const w = new Worker(script, { workerData: data });
          w.on('message', (m: WorkerMessage) => {
            if ('results' in m) {
              m.results.forEach(onResult);
              w.postMessage({ merged: true } satisfies MergedMessage);
            } else if ('error' in m) reject(new Error(m.error));
            else resolve();
          });
          w.on('error', reject);
          w.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`index worker exited with ${code}`))));
        }),
    ),
  );
}

/** In a worker started by indexInWorkers: do the job and return true. Elsewhere: false. */
export function runIndexWorkerIfAny(analyze: (job: WorkerJob) => (file: string, text: string) => FileEntry | undefined): boolean {
  if (isMainThread || (workerData as WorkerJob | undefined)?.kind !== WORKER_KIND) return false;
  void runJob(workerData as WorkerJob, parentPort!, analyze);
  return true;
}

async function runJob(job: WorkerJob, port: MessagePort, analyze: (job: WorkerJob) => (file: string, text: string) => FileEntry | undefined): Promise<void> {
  let unmerged = 0;
  let wake: (() => void) | undefined;
  port.on('message', (m: MergedMessage) => {
    if (!m.merged) return;
    unmerged--;
    wake?.();
  });
  try {
    const analyzeFile = analyze(job);
    const realRoot = fs.realpathSync(job.root);
    const post = async (results: WorkerResult[]) => {
      while (unmerged >= MAX_UNMERGED_BATCHES) await new Promise<void>((r) => (wake = r));
      unmerged++;
      port.postMessage({ results } satisfies WorkerMessage);
    };
    let batch: WorkerResult[] = [];
    for (let i = 0; i < job.files.length; i++) {
      batch.push(loadSync(job, realRoot, job.files[i], job.cached[i], analyzeFile));
      if (batch.length >= BATCH) {
        await post(batch);
        batch = [];
      }
    }
    await post(batch);
    port.postMessage({ done: true } satisfies WorkerMessage);
  } catch (e) {
    port.postMessage({ error: (e as Error).stack ?? String(e) } satisfies WorkerMessage);
  }
  // Nothing more to wait for: let the thread end.
  port.close();
}

function loadSync(
  job: WorkerJob,
  realRoot: string,
  file: string,
  cached: [number, number] | null,
  analyzeFile: (file: string, text: string) => FileEntry | undefined,
): WorkerResult {
  const abs = path.join(job.root, ...file.split('/'));
  let st: fs.Stats;
  try {
    st = fs.lstatSync(abs);
    if (st.isSymbolicLink()) {
      const real = fs.realpathSync(abs);
      const rel = path.relative(realRoot, real);
      if (rel.startsWith('..') || path.isAbsolute(rel)) return { file, skipped: 'link points outside the workspace' };
      st = fs.statSync(real);
    }
  } catch (e) {
    return { file, skipped: `cannot stat: ${(e as Error).message}` };
  }
  if (!st.isFile()) return { file, skipped: 'not a file' };
  if (st.size > job.maxFileSize) return { file, skipped: `${st.size} bytes is over maxFileSize (${job.maxFileSize})` };
  if (cached && cached[0] === st.size && cached[1] === st.mtimeMs) return { file, hit: true };
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(abs);
  } catch (e) {
    return { file, skipped: `cannot read: ${(e as Error).message}` };
  }
  if (bytes.subarray(0, 8000).includes(0)) return { file, skipped: 'binary content' };
  const text = new TextDecoder('utf-8').decode(bytes);
  const entry = analyzeFile(file, text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  if (!entry) return { file, skipped: 'not indexed' };
  return { file, hit: false, loaded: { size: st.size, mtimeMs: st.mtimeMs, entry } };
}
