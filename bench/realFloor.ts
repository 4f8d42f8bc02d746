/**
 * The least Node must do for `reqtrace check` on a real repository (the
 * real-code corpus, realCorpus.ts): list the files (readdir, no ignore
 * rules), tell each file's role with the workspace's own config, then open,
 * read (floorRead.ts) and close each file that has one, skip a source file in which the
 * byte prefilter finds no possible ID, and decode the rest as UTF-8. Split
 * between the main thread and one worker, as `check` runs on two cores.
 *
 * bench.ts's scan floor reads and searches every file of a corpus as text,
 * which is the work of a dense corpus but not of a real one: at R it takes
 * several times longer than `check` itself. This floor is the part of
 * `check`'s own work that no design in Node can skip.
 *
 * With `lex`, the decoded source files' comments are also found by
 * reqtrace's lexer: the floor plus the one analysis step every reference
 * needs. With `analyze`, each decoded file goes through reqtrace's whole
 * per-file analysis instead (Engine.analyze: the spec parsers, the comment
 * lexer, the reference scanner, the packed result), which is kept nowhere:
 * all the index does but walking with the ignore rules, sending results
 * between threads and building the per-ID lists. Like the index, it uses
 * no worker for fewer than WORKER_THRESHOLD files.
 *
 * Usage (bundled by bench.ts): node realFloor.js DIR [lex|analyze]
 * Prints JSON: milliseconds from start to the last file done, and the CPU
 * time of all threads.
 */
import * as fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { isMainThread, parentPort, Worker } from 'node:worker_threads';
import { Engine, WORKER_THRESHOLD } from '../server/src/core/engine/engine';
import { bytesHoldDefaultId } from '../server/src/core/defaultIdScan';
import { lexComments } from '../server/src/core/parse/commentLexer';
import { NodeHost } from '../server/src/node/nodeHost';
import { refCount } from '../server/src/core/index/packedRefs';
import { isBinary } from '../server/src/core/workspace/readTextFile';
import { readWhole } from './floorRead';

/** A file to read: its path in the corpus, and its language when it is a source file the prefilter may skip. */
type Item = [rel: string, language: string | undefined];

type Mode = 'read' | 'lex' | 'analyze';

interface Job {
  dir: string;
  items: Item[];
  mode: Mode;
  maxFileSize: number;
}

interface Done {
  read: number;
  decoded: number;
  chars: number;
  /** Comments found (`lex`), or definitions and reference candidates found (`analyze`). */
  found: number;
}

/** The workspace's engine, with its config: how roles are told and files analysed. */
async function engineOf(dir: string): Promise<Engine> {
  const engine = new Engine({ host: new NodeHost(dir) });
  await engine.loadConfig();
  return engine;
}

/**
 * What the index's reader does before any analysis (see node/nodeHost.ts readManyForIndex and analyzeFile.ts needsNoText),
 * then the analysis `mode` asks for. `engine` is this thread's, for `analyze`.
 */
function readAll({ dir, items, mode, maxFileSize }: Job, engine?: Engine): Done {
  const done: Done = { read: 0, decoded: 0, chars: 0, found: 0 };
  const decoder = new TextDecoder();
  for (const [rel, language] of items) {
    const fd = fs.openSync(`${dir}/${rel}`, 'r');
    try {
      const bytes = readWhole(fd, maxFileSize);
      if (!bytes) continue;
      done.read++;
      // Binary files and source files that can hold no ID are never decoded.
      if (isBinary(bytes)) continue;
      if (language !== undefined && !bytesHoldDefaultId(bytes)) continue;
      const text = decoder.decode(bytes);
      done.decoded++;
      done.chars += text.length;
      if (mode === 'lex' && language !== undefined) done.found += lexComments(text, language).length;
      if (mode === 'analyze') {
        const entry = engine!.analyze(rel, text, engine!.classifier.roleOf(rel)!, bytes);
        done.found += entry.defs.length + refCount(entry.refs);
      }
    } finally {
      fs.closeSync(fd);
    }
  }
  return done;
}

function list(root: string, dir: string, out: string[]): string[] {
  for (const e of fs.readdirSync(dir === '' ? root : `${root}/${dir}`, { withFileTypes: true })) {
    const rel = dir === '' ? e.name : `${dir}/${e.name}`;
    // The two folders the walk never enters; every other rule (.gitignore, excludes) is left out.
    if (e.isDirectory()) {
      if (e.name !== 'node_modules' && e.name !== '.git') list(root, rel, out);
    } else if (e.isFile()) {
      out.push(rel);
    }
  }
  return out;
}

async function main(): Promise<void> {
  const [dir, modeArg] = process.argv.slice(2);
  const mode: Mode = modeArg === 'lex' || modeArg === 'analyze' ? modeArg : 'read';
  const t0 = performance.now();
  // Started first, so that it loads while the main thread lists the files.
  const worker = new Worker(__filename);
  const engine = await engineOf(dir);
  const items: Item[] = [];
  for (const rel of list(dir, '', [])) {
    const role = engine.classifier.roleOf(rel);
    if (role) items.push([rel, role.kind === 'source' ? role.language.id : undefined]);
  }
  const maxFileSize = engine.config.maxFileSize;
  // As the index: with fewer files than that, all on the main thread (the worker's start and its own engine would
  // cost this floor more than the analysis it takes over; at S the floor came out above the index).
  const alone = mode === 'analyze' && items.length < WORKER_THRESHOLD;
  // Every other file, so that both threads get a share of each folder's sizes.
  const theirs = { dir, items: items.filter((_, i) => i % 2 === 1), mode, maxFileSize } satisfies Job;
  const them = alone
    ? undefined
    : new Promise<Done>((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
        worker.postMessage(theirs);
      }).finally(() => void worker.terminate());
  if (alone) void worker.terminate();
  const mine = readAll({ dir, items: alone ? items : items.filter((_, i) => i % 2 === 0), mode, maxFileSize }, engine);
  const other = them ? await them : { read: 0, decoded: 0, chars: 0, found: 0 };
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage();
  const sum = (k: keyof Done) => mine[k] + other[k];
  process.stdout.write(
    JSON.stringify({ realFloorMs: ms, cpuMs: (cpu.user + cpu.system) / 1000, files: items.length, read: sum('read'), decoded: sum('decoded'), chars: sum('chars'), found: sum('found') }),
  );
}

if (isMainThread) void main();
else parentPort!.once('message', async (job: Job) => parentPort!.postMessage(readAll(job, job.mode === 'analyze' ? await engineOf(job.dir) : undefined)));
