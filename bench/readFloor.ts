/**
 * What Node needs at the least to see every byte of a corpus, the floor under
 * any indexer written in it: list the files (readdir, no ignore rules), then
 * open, read and close each and decode it as UTF-8 (floorRead.ts), split between the
 * main thread and as many worker threads as the index uses. No lexing and
 * no index. Prints the milliseconds from start to the last file decoded.
 *
 * With `scan`, each decoded text is also searched for the default ID pattern
 * with one native regular expression, as `rg` searches it: the least that
 * finds the IDs (in code and strings too: no comment is told from code).
 *
 * Usage (bundled by bench.ts): node readFloor.js DIR THREADS [scan]
 */
import * as fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { DEFAULT_ID_PATTERN } from '../server/src/core/idPattern';
import { readWhole } from './floorRead';

interface Job {
  files: string[];
  scan: boolean;
}

function list(dir: string, out: string[]): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = `${dir}/${e.name}`;
    if (e.isDirectory()) list(p, out);
    else if (e.isFile()) out.push(p);
  }
  return out;
}

/**
 * Reads and decodes the files, and with `scan` finds the IDs in them; returns
 * the characters decoded plus the IDs found (so no step can be skipped).
 */
function readAll({ files, scan }: Job): number {
  const ids = new RegExp(DEFAULT_ID_PATTERN, 'g');
  let chars = 0;
  for (const f of files) {
    const fd = fs.openSync(f, 'r');
    try {
      const text = readWhole(fd)!.toString('utf8');
      chars += text.length;
      if (scan) {
        ids.lastIndex = 0;
        while (ids.exec(text)) chars++;
      }
    } finally {
      fs.closeSync(fd);
    }
  }
  return chars;
}

if (isMainThread) {
  const [dir, threadsArg, mode] = process.argv.slice(2);
  const threads = Math.max(1, Number(threadsArg) || 1);
  const scan = mode === 'scan';
  const t0 = performance.now();
  const files = list(dir, []);
  // Every thread gets an equal share: contiguous slices keep each thread's folders together, as a walk would.
  const share = Math.ceil(files.length / threads);
  const workers = Array.from({ length: threads - 1 }, (_, i) => {
    const w = new Worker(__filename, { workerData: { files: files.slice((i + 1) * share, (i + 2) * share), scan } satisfies Job });
    return new Promise<number>((resolve, reject) => {
      w.once('message', resolve);
      w.once('error', reject);
    }).finally(() => void w.terminate());
  });
  const chars = readAll({ files: files.slice(0, share), scan });
  void Promise.all(workers).then((others) => {
    const ms = performance.now() - t0;
    process.stdout.write(JSON.stringify({ readFloorMs: ms, files: files.length, chars: others.reduce((a, b) => a + b, chars) }));
  });
} else {
  parentPort!.postMessage(readAll(workerData as Job));
}
