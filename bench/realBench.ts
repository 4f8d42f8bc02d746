/**
 * The measurements added for issue #19, kept apart from bench.ts so either
 * can change without the other:
 * - the real-code corpus (realCorpus.ts): `check` cold and warm (its cache)
 *   against ripgrep on the same tree, wall and CPU time, in one run;
 * - hovers right after the index is ready, while the first full publish of
 *   diagnostics runs (`measurePublishPhase`), at any size;
 * - the closing table's ratios against ripgrep and the scan floor.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { initialize, startServer } from './lspClient';
import { generateRealCorpus, REAL_SIZES, type RealCorpusInfo } from './realCorpus';

const ROOT = path.resolve(__dirname, '..');
/** Bumped when realCorpus.ts makes a different corpus. */
const REAL_CORPUS_VERSION = 2;
/** The ID pattern ripgrep searches for: reqtrace's default. */
export const RG_PATTERN = '[A-Z][A-Z]*(?:-[A-Z0-9]+)*-[0-9]+';

type Row = Record<string, number | string>;

export function isRealSize(name: string): boolean {
  return name in REAL_SIZES;
}

function percentile(xs: number[], p: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

/** The corpus of a real size, made once per machine (and corpus version) under `corpusRoot`. */
export function realCorpus(name: string, corpusRoot: string): RealCorpusInfo {
  const dir = path.join(corpusRoot, `${name}-real-v${REAL_CORPUS_VERSION}`);
  const infoFile = `${dir}.json`;
  if (fs.existsSync(infoFile)) return JSON.parse(fs.readFileSync(infoFile, 'utf8')) as RealCorpusInfo;
  const t = performance.now();
  const info = generateRealCorpus(dir, REAL_SIZES[name]);
  process.stderr.write(`generated ${name}: ${info.files} files, ${(info.bytes / 1e6).toFixed(0)} MB, ${info.taggedFiles} of ${info.sourceFiles} source files tagged, in ${((performance.now() - t) / 1000).toFixed(1)} s\n`);
  fs.writeFileSync(infoFile, JSON.stringify(info));
  return info;
}

/** A command's wall time, CPU time (user + system, all threads) and peak RSS, by /usr/bin/time. */
export function timed(cmd: string, args: string[]): { ms: number; cpuMs: number; rssMb: number } {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'reqtrace-time-')), 'time');
  const t = performance.now();
  const r = spawnSync('/usr/bin/time', ['-o', out, '-f', '%U %S %M', cmd, ...args], { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 26 });
  const ms = performance.now() - t;
  if (r.error) throw r.error;
  // The last line: a failing command gets a "Command exited with non-zero status" line before it.
  const [user, sys, kb] = fs.readFileSync(out, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
  fs.rmSync(path.dirname(out), { recursive: true, force: true });
  return { ms, cpuMs: (user + sys) * 1000, rssMb: kb / 1024 };
}

/** ripgrep searching the tree for the default ID pattern, as bench.ts runs it. */
export function timeRg(dir: string): { ms: number; cpuMs: number } {
  return timed('rg', ['-c', '--no-messages', '-e', RG_PATTERN, dir]);
}

/** `reqtrace check` as a user runs it in CI (the bundled CLI), with the cache folder when given. */
export function timeCheck(dir: string, cacheDir?: string): { ms: number; cpuMs: number; rssMb: number } {
  const args = [path.join(ROOT, 'server/dist/cli.js'), 'check', dir, '--format', 'json', '--output', os.devNull, '--fail-on', 'never'];
  return timed(process.execPath, cacheDir ? [...args, '--cache', cacheDir] : args);
}

/** Runs of each contender, interleaved: on a loaded machine the min and the median say more than one run. */
const REAL_RUNS = 3;
/**
 * Further ripgrep and warm `check` pairs (each about a second): the warm
 * target is a ratio of two sub-second times, which a neighbour's load on a
 * 2-core machine moves by a third from one run to the next.
 */
const EXTRA_WARM_RUNS = 4;

/**
 * The real-code corpus: ripgrep, its floor (realFloor.ts), `check` cold and warm
 * (interleaved, REAL_RUNS each and EXTRA_WARM_RUNS more of ripgrep and warm:
 * medians and minimums, CPU time beside wall time), the
 * in-process index's phases, and hovers during the first publish.
 */
export async function benchReal(
  name: string,
  corpusRoot: string,
  tools: { realFloor: (dir: string, mode?: 'lex' | 'analyze') => { ms: number; cpuMs: number }; probe: (dir: string, probes: RealCorpusInfo['probes'], hotId: string) => Row },
  guarding = false,
): Promise<Row> {
  const info = realCorpus(name, corpusRoot);
  // Warm the page cache so every contender reads from memory.
  timed('rg', ['-c', '--no-messages', 'x', info.dir]);
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'reqtrace-real-cache-'));
  timeCheck(info.dir, cacheDir);
  const rg: Array<{ ms: number; cpuMs: number }> = [];
  const cold: Array<{ ms: number; cpuMs: number; rssMb: number }> = [];
  const warm: Array<{ ms: number; cpuMs: number; rssMb: number }> = [];
  const floor: Array<{ ms: number; cpuMs: number }> = [];
  // The floor with reqtrace's comment lexer run on every decoded source file, and with its whole per-file analysis
  // (nothing kept): not guarded, so only in `npm run bench`.
  const lexFloor: Array<{ ms: number; cpuMs: number }> = [];
  const analysisFloor: Array<{ ms: number; cpuMs: number }> = [];
  for (let i = 0; i < REAL_RUNS; i++) {
    rg.push(timeRg(info.dir));
    cold.push(timeCheck(info.dir));
    warm.push(timeCheck(info.dir, cacheDir));
    floor.push(tools.realFloor(info.dir));
    if (!guarding) lexFloor.push(tools.realFloor(info.dir, 'lex'));
    if (!guarding) analysisFloor.push(tools.realFloor(info.dir, 'analyze'));
  }
  for (let i = 0; i < EXTRA_WARM_RUNS; i++) {
    rg.push(timeRg(info.dir));
    warm.push(timeCheck(info.dir, cacheDir));
  }
  fs.rmSync(cacheDir, { recursive: true, force: true });
  const med = (xs: number[]) => percentile(xs, 50);
  const probe = tools.probe(info.dir, info.probes.slice(0, 200), info.hotId);
  const rgMs = med(rg.map((x) => x.ms));
  const rgCpuMs = med(rg.map((x) => x.cpuMs));
  const checkMs = med(cold.map((x) => x.ms));
  const warmCheckMs = med(warm.map((x) => x.ms));
  return {
    size: name,
    files: info.files,
    MB: info.bytes / 1e6,
    requirements: info.requirements,
    references: info.references,
    indexedFiles: probe.files,
    indexMs: probe.indexMs,
    walkMs: probe.walkMs,
    rgMs,
    rgCpuMs,
    realFloorMs: med(floor.map((x) => x.ms)),
    realFloorCpuMs: med(floor.map((x) => x.cpuMs)),
    ...(lexFloor.length > 0 ? { realLexFloorMs: med(lexFloor.map((x) => x.ms)), realLexFloorCpuMs: med(lexFloor.map((x) => x.cpuMs)) } : {}),
    ...(analysisFloor.length > 0 ? { realAnalysisFloorMs: med(analysisFloor.map((x) => x.ms)), realAnalysisFloorCpuMs: med(analysisFloor.map((x) => x.cpuMs)) } : {}),
    realCheckMs: checkMs,
    realCheckCpuMs: med(cold.map((x) => x.cpuMs)),
    realCheckVsRg: checkMs / rgMs,
    realCheckMinMs: Math.min(...cold.map((x) => x.ms)),
    realWarmCheckMs: warmCheckMs,
    realWarmCheckCpuMs: med(warm.map((x) => x.cpuMs)),
    realWarmCheckVsRg: warmCheckMs / rgMs,
    rgMinMs: Math.min(...rg.map((x) => x.ms)),
    realWarmCheckMinMs: Math.min(...warm.map((x) => x.ms)),
    realCheckRssMb: Math.max(...cold.map((x) => x.rssMb)),
    // Not when guarding (bench:check): see bench.ts's benchSize.
    ...(guarding ? {} : await measurePublishPhase(info.dir, info.probes, info.editFile)),
  };
}

/**
 * A language-server session on `dir`, from initialize: `editFile` is opened
 * before the index is ready. From the moment the index is ready (its
 * progress ends) until the first full publish ends (the `indexChanged`
 * summary that follows it), hovers and definitions go out back to back,
 * with a keystroke in `editFile` every tenth: their latencies, how many
 * diagnostics reached the client while each request waited, and where the
 * open file's diagnostics came among the publish's. Then the same requests
 * once the publish is over (`afterPublishRequestP99`): on a shared machine,
 * "during" means something only beside "after" measured in the same minute.
 */
/** Hovers and definitions measured after the first publish, for comparison. */
const AFTER_REQUESTS = 200;
/** The longest first publish the phase waits for (L's takes 15-40 s on a loaded 2-core machine). */
const PUBLISH_LIMIT_MS = 120_000;

export async function measurePublishPhase(dir: string, probes: Array<{ file: string; line: number; character: number }>, editFile: string): Promise<Row> {
  const { proc, conn } = startServer();
  const t0 = performance.now();
  const uriOf = (rel: string) => pathToFileURL(path.join(dir, rel)).toString();
  const editUri = uriOf(editFile);
  let indexed!: () => void;
  const indexedP = new Promise<void>((res) => (indexed = res));
  let settled = false;
  let began = false;
  conn.onNotification('$/progress', (p: { value: { kind: string } }) => {
    if (p.value.kind === 'begin') began = true;
    if (p.value.kind === 'end') indexed();
  });
  let ready = false;
  // The summary that ends the publish can come before the progress's end on a quiet machine: whenever it
  // comes, it ends the phase (waiting for it only after the index was ready hung the bench).
  conn.onNotification('reqtrace/indexChanged', (summary: { indexing: boolean }) => {
    began ||= summary.indexing;
    if (began && !summary.indexing) {
      settled = true;
    }
  });
  // Publishes after the index was ready, and the rank of the open file's first.
  let publishes = 0;
  let openRank: number | undefined;
  let editWaiter: (() => void) | undefined;
  conn.onNotification('textDocument/publishDiagnostics', (p: { uri: string }) => {
    if (!ready) return;
    publishes++;
    if (p.uri === editUri) {
      openRank ??= publishes;
      editWaiter?.();
    }
  });
  conn.listen();
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'reqtrace-publish-cache-'));
  await initialize(conn, dir, cacheDir);
  const text = fs.readFileSync(path.join(dir, editFile), 'utf8');
  conn.sendNotification('textDocument/didOpen', { textDocument: { uri: editUri, languageId: 'plaintext', version: 1, text } });
  await indexedP;
  ready = true;
  const readyMs = performance.now() - t0;
  const hover: number[] = [];
  const definition: number[] = [];
  const edits: number[] = [];
  // Per request, the diagnostics that reached the client between the request and its answer: sent before the answer.
  const ahead: number[] = [];
  let version = 1;
  const typed = '// @impl NOPE-12345 ';
  // At least one round, so the phase has numbers even when the publish was over first.
  for (let i = 0; i === 0 || !settled; i++) {
    const p = probes[i % probes.length];
    const params = { textDocument: { uri: uriOf(p.file) }, position: { line: p.line, character: p.character } };
    let t = performance.now();
    let before = publishes;
    await conn.sendRequest('textDocument/hover', params);
    hover.push(performance.now() - t);
    ahead.push(publishes - before);
    t = performance.now();
    before = publishes;
    await conn.sendRequest('textDocument/definition', params);
    definition.push(performance.now() - t);
    ahead.push(publishes - before);
    // A keystroke counts once the open file was published (before, the server holds single files back).
    if (i % 10 === 9 && openRank !== undefined) {
      const k = edits.length % typed.length;
      const done = new Promise<void>((res) => (editWaiter = res));
      t = performance.now();
      conn.sendNotification('textDocument/didChange', {
        textDocument: { uri: editUri, version: ++version },
        contentChanges: [{ range: { start: { line: 0, character: k }, end: { line: 0, character: k } }, text: typed[k] }],
      });
      await done;
      edits.push(performance.now() - t);
    }
    // A bound, should the summary never come: it did not while the server's summary was debounced by a
    // timer every keystroke pushed back (fixed), and a keystroke here comes every few milliseconds.
    if (performance.now() - t0 - readyMs > PUBLISH_LIMIT_MS) break;
  }
  const publishMs = settled ? performance.now() - t0 - readyMs : NaN;
  // The same requests once the publish is over, on the same machine at the same moment: what "during" is compared with.
  const after: number[] = [];
  for (let i = 0; i < AFTER_REQUESTS; i++) {
    const p = probes[i % probes.length];
    const params = { textDocument: { uri: uriOf(p.file) }, position: { line: p.line, character: p.character } };
    const t = performance.now();
    await conn.sendRequest(i % 2 ? 'textDocument/definition' : 'textDocument/hover', params);
    after.push(performance.now() - t);
  }
  if (!settled) process.stderr.write(`publish phase: no end of the first publish seen within ${PUBLISH_LIMIT_MS / 1000} s of index-ready; publishMs is NaN\n`);
  await conn.sendRequest('shutdown');
  const exited = new Promise<void>((res) => proc.once('exit', () => res()));
  await conn.sendNotification('exit');
  await Promise.race([exited, new Promise((res) => setTimeout(res, 5000))]);
  conn.dispose();
  proc.kill();
  fs.rmSync(cacheDir, { recursive: true, force: true });
  return {
    publishReadyMs: readyMs,
    publishMs,
    publishCount: publishes,
    publishOpenRank: openRank ?? NaN,
    publishHovers: hover.length,
    publishHoverP50: percentile(hover, 50),
    publishHoverP99: percentile(hover, 99),
    publishDefinitionP99: percentile(definition, 99),
    publishAheadP99: percentile(ahead, 99),
    afterPublishRequestP99: percentile(after, 99),
    publishEdits: edits.length,
    publishEditP95: percentile(edits, 95),
  };
}

/**
 * The real corpus's metrics `bench:check` guards (as `Rs.<metric>`), lower being better. Not its keystrokes during
 * the publish: Rs publishes a few files only, too quickly for one.
 */
// Not its publish-phase hover p99: Rs's first publish is over after about 4 hovers, so that p99 is one sample.
// The cold check's CPU time too (all threads): on a machine other work shares, it moves less than the wall time.
export const REAL_GUARDED = ['realCheckMs', 'realCheckCpuMs', 'realWarmCheckMs', 'realCheckRssMb'];

/** The machine, as the closing table names it: CPU model (from /proc/cpuinfo), cores, memory, Node, and the load when measured. */
export function machineLine(): string {
  let model = os.cpus()[0]?.model.trim() ?? 'unknown CPU';
  try {
    model = /^model name\s*:\s*(.+)$/m.exec(fs.readFileSync('/proc/cpuinfo', 'utf8'))?.[1].trim() ?? model;
  } catch {
    // Not Linux: os.cpus() named it.
  }
  const load = os.loadavg().map((l) => l.toFixed(1)).join(' ');
  return `${os.cpus().length} × ${model}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, load average ${load} at the end`;
}

/**
 * The closing table: each headline metric beside what it is compared with,
 * measured in the same run on the same tree (ripgrep, or the scan floor:
 * reading every file and one native regex, the least a Node indexer does),
 * and the ratio, with the target where it has one.
 */
export function closingTable(rows: Row[], fmt: (v: number | string) => string): string {
  const lines = ['| size | metric | ms | against | ms | ratio | target |', '| --- | --- | --- | --- | --- | --- | --- |'];
  const add = (r: Row, metric: string, against: string, target: string) => {
    const a = r[metric];
    const b = r[against];
    if (typeof a !== 'number' || typeof b !== 'number') return;
    lines.push(`| ${r.size} | ${metric} | ${fmt(a)} | ${against} | ${fmt(b)} | ${fmt(a / b)} | ${target} |`);
  };
  for (const r of rows) {
    add(r, 'indexMs', 'scanFloorMs', r.size === 'L' ? '≤ 3' : '');
    add(r, 'analysisFloorMs', 'scanFloorMs', '');
    add(r, 'indexMs', 'analysisFloorMs', '');
    add(r, 'indexMs', 'rgMs', '');
    add(r, 'cliMs', 'rgMs', '');
    add(r, 'realCheckMs', 'rgMs', '≤ 2');
    add(r, 'realCheckCpuMs', 'rgCpuMs', '');
    add(r, 'realWarmCheckMs', 'rgMs', '≤ 1');
    add(r, 'realWarmCheckMinMs', 'rgMinMs', '');
    add(r, 'realWarmCheckCpuMs', 'rgCpuMs', '');
    add(r, 'realFloorMs', 'rgMs', '');
    add(r, 'realFloorCpuMs', 'rgCpuMs', '');
    add(r, 'realCheckMs', 'realFloorMs', '');
    add(r, 'realCheckCpuMs', 'realFloorCpuMs', '');
    add(r, 'realLexFloorMs', 'rgMs', '');
    add(r, 'realCheckMs', 'realLexFloorMs', '');
    add(r, 'realAnalysisFloorMs', 'rgMs', '');
    add(r, 'realCheckMs', 'realAnalysisFloorMs', '');
  }
  const abs = [
    '| size | cliRssMb / realCheckRssMb | publishHoverP99 (≤ 20) | publishDefinitionP99 (≤ 20) | publishEditP95 (≤ 20) | afterPublishRequestP99 | publishOpenRank |',
    '| --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const r of rows) {
    const v = (k: string) => (typeof r[k] === 'number' ? fmt(r[k]) : '');
    abs.push(`| ${r.size} | ${v('cliRssMb') || v('realCheckRssMb')} | ${v('publishHoverP99')} | ${v('publishDefinitionP99')} | ${v('publishEditP95')} | ${v('afterPublishRequestP99')} | ${v('publishOpenRank')} |`);
  }
  return `${lines.join('\n')}\n\n${abs.join('\n')}\n`;
}
