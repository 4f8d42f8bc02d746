/**
 * A warm start's stats, shared between the main thread and a small thread.
 * Checking a cache against the disk is one stat per walked folder and per
 * cached file (35k on a 50k-file tree, about 6 µs of system time each).
 * Through libuv's thread pool each also costs the main thread a callback
 * and a Stats object: 130 ms there, of a 700 ms run. Here a thread, started
 * as soon as the cache's header is read, stats folders and files
 * synchronously into one shared array while the main thread decodes the
 * cache; then the main thread takes its share of what is left, chunk by
 * chunk from the same counter, so both cores stat. Only for thousands of
 * stats (cacheLoad.ts's STAT_THREAD_MIN): for fewer, the thread's start
 * costs more than it saves.
 */
import * as fs from 'node:fs';
import { isMainThread, Worker } from 'node:worker_threads';
import type { CurrentStats } from '../core';

/** Items (a folder or a file) claimed at a time: about a millisecond of stats. */
const CHUNK = 128;

/**
 * The thread's code: plain JavaScript evaluated as its own script, so that
 * it starts in tens of milliseconds instead of loading the whole bundle.
 * Items are numbered folders first, then files; `control[0]` is the next
 * unclaimed item, `control[1]` the items done; item i's results are
 * `values[2i]`, `values[2i + 1]` (size, mtime; a folder's size slot unused).
 * The file paths arrive as one run of text with their lengths (the cache's
 * own layout, handed over without a copy). Stats follow links, as
 * NodeHost's do (the walk vetted the paths).
 */
const SOURCE = `
const { parentPort } = require('node:worker_threads');
const fs = require('node:fs');
const statItem = (${statItem.toString()});
parentPort.once('message', ({ root, chunk, dirs, pathBytes, encoding, pathLengths, ...shared }) => {
  const control = new Int32Array(shared.control);
  const values = new Float64Array(shared.values);
  const text = Buffer.from(pathBytes.buffer, pathBytes.byteOffset, pathBytes.byteLength).toString(encoding);
  const paths = new Array(pathLengths.length);
  for (let i = 0, from = 0; i < paths.length; i++) paths[i] = text.slice(from, (from += pathLengths[i]));
  const total = dirs.length + paths.length;
  for (;;) {
    const from = Atomics.add(control, 0, chunk);
    if (from >= total) break;
    const to = Math.min(total, from + chunk);
    for (let i = from; i < to; i++) statItem(fs, root, dirs, paths, values, i);
    Atomics.add(control, 1, to - from);
  }
  parentPort.postMessage('idle');
});
`;

/**
 * Stats item `i` into `values` (NaN: gone, or not a folder / regular file).
 * Plain JavaScript with no outside names but its arguments: the thread runs
 * its source text too.
 */
function statItem(fsm: typeof fs, root: string, dirs: readonly string[], paths: readonly string[], values: Float64Array, i: number): void {
  const isDir = i < dirs.length;
  const rel = isDir ? dirs[i] : paths[i - dirs.length];
  let st;
  try {
    st = fsm.statSync(rel === '' ? root : root + '/' + rel, { throwIfNoEntry: false });
  } catch {
    st = undefined;
  }
  const ok = st !== undefined && (isDir ? st.isDirectory() : st.isFile());
  values[2 * i] = ok && !isDir ? st!.size : NaN;
  values[2 * i + 1] = ok ? st!.mtimeMs : NaN;
}

/** The stats of one cache load: the thread starts at once; `share` gives it its job and adds the main thread's share. */
export class SharedStats {
  private readonly control = new Int32Array(new SharedArrayBuffer(8));
  private readonly worker: Worker;
  private readonly idle: Promise<boolean>;

  /** `root`: the workspace folder; `mainTakesPart` false: the thread stats everything (tests). */
  constructor(
    private readonly root: string,
    private readonly mainTakesPart = true,
  ) {
    this.worker = takePrestarted() ?? new Worker(SOURCE, { eval: true });
    // True when it went idle; false when it failed (a chunk it claimed may be left undone).
    this.idle = new Promise((resolve) => {
      this.worker.once('message', () => {
        resolve(true);
        // Its job done, it no longer holds the process (whether or not anyone asked for the stats).
        this.worker.unref();
      });
      this.worker.once('error', () => resolve(false));
      this.worker.once('exit', () => resolve(false));
    });
    // Without a job it never keeps the process alive.
    this.worker.unref();
  }

  /**
   * Stats `dirs` (workspace folders) and the files `paths`, also given as
   * `pathBytes` in `encoding` cut at `pathLengths` for the thread
   * (`pathBytes` is transferred: the caller must not use it again). The
   * thread starts at once; the function returned, when called, has this
   * thread take its share of what is left (a chunk per turn of the event
   * loop) and gives the stats once all are in, or undefined when they could
   * not all be taken. Until then this thread is free for other work.
   */
  share(dirs: readonly string[], paths: readonly string[], pathBytes: Uint8Array, encoding: 'latin1' | 'utf16le', pathLengths: Int32Array): () => Promise<CurrentStats | undefined> {
    const values = new Float64Array(new SharedArrayBuffer(16 * (dirs.length + paths.length)));
    // With a job it holds the process: the main thread may be waiting for its last chunk with nothing else to do.
    this.worker.ref();
    this.worker.postMessage({ root: this.root, chunk: CHUNK, control: this.control.buffer, dirs, values: values.buffer, pathBytes, encoding, pathLengths }, [pathBytes.buffer as ArrayBuffer]);
    let taken: Promise<CurrentStats | undefined> | undefined;
    return () => (taken ??= this.mainShare(dirs, paths, values));
  }

  private async mainShare(dirs: readonly string[], paths: readonly string[], values: Float64Array): Promise<CurrentStats | undefined> {
    const { control } = this;
    const total = dirs.length + paths.length;
    try {
      while (this.mainTakesPart) {
        // A turn of the event loop per chunk: a language server answers requests meanwhile.
        await new Promise((resolve) => setImmediate(resolve));
        const from = Atomics.add(control, 0, CHUNK);
        if (from >= total) break;
        const to = Math.min(total, from + CHUNK);
        for (let i = from; i < to; i++) statItem(fs, this.root, dirs, paths, values, i);
        Atomics.add(control, 1, to - from);
      }
      if (Atomics.load(control, 1) !== total && !(await this.idle)) return undefined;
      if (Atomics.load(control, 1) !== total) return undefined;
    } finally {
      this.dispose();
    }
    const dirMtimes = new Float64Array(dirs.length);
    const sizes = new Float64Array(paths.length);
    const mtimes = new Float64Array(paths.length);
    for (let i = 0; i < dirs.length; i++) dirMtimes[i] = values[2 * i + 1];
    for (let i = 0, at = 2 * dirs.length; i < paths.length; i++, at += 2) {
      sizes[i] = values[at];
      mtimes[i] = values[at + 1];
    }
    return { dirMtimes, sizes, mtimes };
  }

  /** Ends the thread (whatever it was doing: its results are not wanted, or all in). */
  dispose(): void {
    void this.worker.terminate();
  }
}

/** A stat thread started before it has a job (see prestartStatThread), for the first SharedStats to take. */
let prestarted: Worker | undefined;

/**
 * Starts a stat thread now, for the SharedStats a warm start makes later:
 * the CLI calls it first thing when given a cache, so that the thread's own
 * start (80 ms on an idle machine, 160 ms beside a busy main thread) runs
 * while the rest of the CLI loads. Unused, it never holds the process.
 */
export function prestartStatThread(): void {
  if (prestarted || !isMainThread) return;
  prestarted = new Worker(SOURCE, { eval: true });
  prestarted.unref();
}

function takePrestarted(): Worker | undefined {
  const w = prestarted;
  prestarted = undefined;
  return w;
}
