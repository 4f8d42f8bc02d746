/**
 * `npm run bench`: generates seeded corpora (S/M/L), then measures the engine
 * in-process, ripgrep on the same tree, the CLI, and the language server over
 * stdio. Prints a table and writes JSON under bench/results/.
 *
 *   npm run bench                    all sizes
 *   npm run bench -- --sizes S,M     some sizes
 *   npm run bench -- --check         size S, compared with bench/baseline.json (CI)
 *   npm run bench -- --update-baseline   size S, written to bench/baseline.json
 *   npm run bench -- --sizes S,M --only-diff   only `reqtrace diff` beside `check` (diffBench.ts)
 *   npm run bench -- --sizes S,M --only-history   only `reqtrace history` of 100 commits beside `check` (historyBench.ts)
 *   npm run bench -- --sizes S,M,L --only-html   only the HTML report: size, first paint, filter and sort in Chromium (htmlBench.ts)
 *
 *   npm run bench -- --suspects --sizes S,M   only `check --suspects` beside `check`, on a copy with a generated history
 *   npm run bench -- --sizes Rs,R    the real-code corpora (realCorpus.ts, realBench.ts): check cold and warm against rg
 *
 * In `npm run bench`, each size's cold index (the in-process probe), its scan floor and its analysis floor (realFloor.ts
 * `analyze`: reqtrace's per-file analysis of every file, nothing kept) run in three alternating rounds: the medians
 * are reported, and the ratios (indexVsScanFloor, analysisVsScanFloor, indexVsAnalysisFloor) are medians of the
 * rounds' ratios.
 * --check and --update-baseline take the median of three runs of size S, and one of Rs (whose check times are medians of three).
 * When --check finds a metric over its limit, it measures that size again (three more runs of S, two more of Rs)
 * and fails on the median of all its runs.
 */
import { spawnSync, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import type { ProtocolConnection } from 'vscode-languageserver-protocol/node';
import { indexWorkerCount } from '../server/src/node/indexWorker';
import { generateCorpus, SIZES, type CorpusInfo } from './corpus';
import { measureDiff } from './diffBench';
import { measureHistory } from './historyBench';
import { measureHtml } from './htmlBench';
import { initialize, startServer } from './lspClient';
import { COMMITS, corpusWithHistory } from './history';
import { benchReal, closingTable, isRealSize, machineLine, measurePublishPhase, REAL_GUARDED, realCorpus } from './realBench';

const ROOT = path.resolve(__dirname, '..');
const CORPUS_ROOT = process.env.REQTRACE_BENCH_DIR ?? path.join(os.tmpdir(), 'reqtrace-bench');
const CORPUS_VERSION = 3;

type Row = Record<string, number | string>;

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

/**
 * The median time of five runs of `request`. One run of a request that takes a few milliseconds is at the
 * mercy of the scheduler: on this 2-core machine under load, the same build gave 5.4 and 8-10 ms for one
 * Requirements view request, and 2-4 ms for the same request asked again.
 */
async function medianTime(request: () => Promise<unknown>, runs = 5): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await request();
    times.push(performance.now() - t);
  }
  return percentile(times, 50);
}

function corpus(sizeName: string): CorpusInfo {
  const size = SIZES[sizeName];
  const dir = path.join(CORPUS_ROOT, `${sizeName}-v${CORPUS_VERSION}`);
  const infoFile = path.join(CORPUS_ROOT, `${sizeName}-v${CORPUS_VERSION}.json`);
  if (fs.existsSync(infoFile)) {
    const info = JSON.parse(fs.readFileSync(infoFile, 'utf8')) as CorpusInfo;
    // A run killed during the checkout measurement left appended lines behind.
    undoCheckout(info);
    return info;
  }
  fs.rmSync(dir, { recursive: true, force: true });
  const t = performance.now();
  const info = generateCorpus(dir, size);
  process.stderr.write(`generated ${sizeName}: ${info.files} files, ${(info.bytes / 1e6).toFixed(0)} MB in ${((performance.now() - t) / 1000).toFixed(1)} s\n`);
  fs.writeFileSync(infoFile, JSON.stringify(info));
  return info;
}

/** The bench's own scripts, bundled. */
interface Bundles {
  probe: string;
  readFloor: string;
  realFloor: string;
}

/** Bundles the in-process probe and the floors as the product is bundled (same aliases), into out/bench. */
async function bundleProbes(): Promise<Bundles> {
  const { common } = (await import(pathToFileURL(path.join(ROOT, 'esbuild.mjs')).href)) as { common: esbuild.BuildOptions };
  const out: Bundles = { probe: path.join(ROOT, 'out/bench/probe.js'), readFloor: path.join(ROOT, 'out/bench/readFloor.js'), realFloor: path.join(ROOT, 'out/bench/realFloor.js') };
  for (const [name, outfile] of Object.entries(out)) {
    await esbuild.build({ ...common, sourcemap: false, logLevel: 'error', entryPoints: [path.join(__dirname, `${name}.ts`)], outfile, external: ['recheck'] });
  }
  return out;
}

function timeCommand(cmd: string, args: string[], cwd?: string): number {
  const t = performance.now();
  const r = spawnSync(cmd, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 26 });
  if (r.error) throw r.error;
  return performance.now() - t;
}

/** Runs the bundled CLI: its wall time, and its peak RSS (threads included) as it reports it at exit (peakRss.cjs). */
function timeCli(args: string[]): { ms: number; peakRssMb: number } {
  const report = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'reqtrace-rss-')), 'peak');
  const t = performance.now();
  const r = spawnSync(process.execPath, ['--require', path.join(__dirname, 'peakRss.cjs'), path.join(ROOT, 'server/dist/cli.js'), ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, REQTRACE_PEAK_RSS_FILE: report },
  });
  const ms = performance.now() - t;
  if (r.error) throw r.error;
  const peakRssMb = Number(fs.readFileSync(report, 'utf8'));
  fs.rmSync(path.dirname(report), { recursive: true, force: true });
  return { ms, peakRssMb };
}

function runProbe(probeJs: string, info: CorpusInfo, cacheDir = ''): Row {
  const r = spawnSync(process.execPath, ['--expose-gc', probeJs, info.dir, JSON.stringify(info.probes.slice(0, 1000)), info.hotId, cacheDir], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  if (r.status !== 0) throw new Error(`probe failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as Row;
}

/** Peak resident memory of a running process (Linux), in MB; NaN elsewhere. */
function peakRssMb(pid: number | undefined): number {
  try {
    const kb = /^VmHWM:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return kb ? Number(kb[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** How long one wait for the server may take before the bench fails, naming what it waited for. */
const WAIT_LIMIT_MS = 10 * 60_000;

/** `p`, or an error naming `what` once WAIT_LIMIT_MS has passed: a missing event must fail the bench, not hang CI. */
async function within<T>(p: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the server did not ${what} within ${WAIT_LIMIT_MS / 60_000} minutes`)), WAIT_LIMIT_MS);
  });
  try {
    return await Promise.race([p, limit]);
  } finally {
    clearTimeout(timer);
  }
}

/** Shuts the server down (its pending cache write included) and waits for it to exit. */
async function stopServer(proc: ChildProcess, conn: ProtocolConnection, beforeExit?: () => void): Promise<void> {
  await conn.sendRequest('shutdown');
  beforeExit?.();
  const exited = new Promise<void>((res) => proc.once('exit', () => res()));
  await conn.sendNotification('exit');
  await Promise.race([exited, new Promise((res) => setTimeout(res, 5000))]);
  conn.dispose();
  proc.kill();
}

/**
 * A language-server session as the extension runs it: with a cache folder
 * (its storage folder), empty here, so the index is cold and writes the cache.
 */
async function measureLsp(info: CorpusInfo, cacheDir: string): Promise<Row> {
  const { proc, conn } = startServer();
  const uriOf = (rel: string) => pathToFileURL(path.join(info.dir, rel)).toString();
  let indexed!: () => void;
  const indexedP = new Promise<void>((res) => (indexed = res));
  // After the index, the server pushes every file's diagnostics (in slices); the summary that follows says it is done.
  let settled!: () => void;
  const settledP = new Promise<void>((res) => (settled = res));
  const diagWaiters = new Map<string, () => void>();
  // 'progressEnd' (with the progress's title) and 'indexChanged', for the checkout measurement.
  const serverEvents = new EventEmitter();
  const progressTitles = new Map<string | number, string>();
  conn.onNotification('$/progress', (p: { token: string | number; value: { kind: string; title?: string } }) => {
    if (p.value.kind === 'begin') progressTitles.set(p.token, p.value.title ?? '');
    if (p.value.kind !== 'end') return;
    indexed();
    serverEvents.emit('progressEnd', progressTitles.get(p.token) ?? '');
    progressTitles.delete(p.token);
  });
  conn.onNotification('reqtrace/indexChanged', (summary: { indexing: boolean }) => {
    if (!summary.indexing) settled();
    serverEvents.emit('indexChanged', summary);
  });
  // Markdown specs with diagnostics: the server pushes theirs after every check (one without would push nothing).
  const specsWithDiagnostics = new Set<string>();
  conn.onNotification('textDocument/publishDiagnostics', (p: { uri: string; diagnostics: unknown[] }) => {
    if (/\/specs\/md\/[^/]+\.md$/.test(p.uri)) {
      if (p.diagnostics.length > 0) specsWithDiagnostics.add(p.uri);
      else specsWithDiagnostics.delete(p.uri);
    }
    diagWaiters.get(p.uri)?.();
  });
  conn.listen();
  const t0 = performance.now();
  await initialize(conn, info.dir, cacheDir);
  const p0 = info.probes[0];
  await conn.sendRequest('textDocument/hover', { textDocument: { uri: uriOf(p0.file) }, position: { line: p0.line, character: p0.character } });
  const firstHoverMs = performance.now() - t0;
  await within(indexedP, 'end its indexing progress');
  const indexMs = performance.now() - t0;
  await within(settledP, 'send reqtrace/indexChanged after publishing');
  const publishedMs = performance.now() - t0;
  // Peak memory by phase (the peak so far at each point): indexing and pushing diagnostics; then the requests,
  // the typing and the cache write, which overlaps them; then the checkout.
  const lspPublishRssMb = peakRssMb(proc.pid);

  const hover: number[] = [];
  const definition: number[] = [];
  for (let i = 0; i < 1000; i++) {
    const p = info.probes[i % info.probes.length];
    const params = { textDocument: { uri: uriOf(p.file) }, position: { line: p.line, character: p.character } };
    let t = performance.now();
    const h = await conn.sendRequest('textDocument/hover', params);
    hover.push(performance.now() - t);
    if (!h) throw new Error(`no hover at ${p.file}:${p.line}`);
    t = performance.now();
    await conn.sendRequest('textDocument/definition', params);
    definition.push(performance.now() - t);
  }
  const hot = info.hotProbe;
  let refs: unknown[] = [];
  const referencesMs = await medianTime(async () => {
    refs = (await conn.sendRequest('textDocument/references', {
      textDocument: { uri: uriOf(hot.file) },
      position: { line: hot.line, character: hot.character },
      context: { includeDeclaration: false },
    })) as unknown[];
  });
  const symbolMs = await medianTime(() => conn.sendRequest('workspace/symbol', { query: 'session token' }));

  // Typing bursts in a 50 KB file, each a line typed at a line start.
  const editUri = uriOf(info.editFile);
  const text = fs.readFileSync(path.join(info.dir, info.editFile), 'utf8');
  const typed = '// @impl NOPE-12345 ';
  const starts = Array.from({ length: 10 }, (_, burst) => ({ line: 10 + burst * 20, character: 0 }));
  const edits = await typeBursts(conn, editUri, 'plaintext', text, starts, typed, diagWaiters);
  const specEdits = await typeInSpecTitle(conn, [...specsWithDiagnostics].sort()[0], diagWaiters);
  // Completion right after the first burst's `// @impl `: nothing typed yet, so every requirement matches.
  type Completion = { label: string }[] | { items: { label: string }[] } | null;
  let completion: Completion = null;
  const lspCompletionMs = await medianTime(async () => {
    completion = (await conn.sendRequest('textDocument/completion', { textDocument: { uri: editUri }, position: { line: 10, character: 9 } })) as Completion;
  });
  const got = completion as Completion;
  const lspCompletionItems = Array.isArray(got) ? got.length : (got?.items.length ?? 0);
  if (lspCompletionItems === 0) throw new Error('no completion after `// @impl `');
  // The Requirements view, which asks again after every change while it is shown: its spec files, then the
  // requirements of the largest one (expanded).
  let largest: { uri: string; requirements: number } | undefined;
  let expanded: Array<{ requirements: unknown[] }> = [];
  const lspTreeMs = await medianTime(async () => {
    const specFiles = (await conn.sendRequest('reqtrace/specFiles', {})) as Array<{ files: Array<{ uri: string; requirements: number }> }>;
    largest = [...(specFiles[0]?.files ?? [])].sort((a, b) => b.requirements - a.requirements)[0];
    expanded = (await conn.sendRequest('reqtrace/requirements', { uri: largest?.uri })) as Array<{ requirements: unknown[] }>;
  });
  const shown = largest as { uri: string; requirements: number } | undefined;
  if (!shown || expanded[0]?.requirements.length !== shown.requirements) throw new Error('the Requirements view did not list the largest spec file');
  const lspRequestsRssMb = peakRssMb(proc.pid);
  const checkout = await measureCheckout(conn, info, uriOf, serverEvents);
  // The server's peak memory over the whole session: indexing, pushing every file's diagnostics, writing its
  // cache (at the latest when it shuts down), the requests and the checkout.
  let lspRssMb = NaN;
  await stopServer(proc, conn, () => (lspRssMb = peakRssMb(proc.pid)));
  return {
    lspIndexMs: indexMs,
    lspPublishedMs: publishedMs,
    lspPublishRssMb,
    lspRequestsRssMb,
    lspRssMb,
    firstHoverMs,
    lspHoverP50: percentile(hover, 50),
    lspHoverP99: percentile(hover, 99),
    lspDefinitionP50: percentile(definition, 50),
    lspDefinitionP99: percentile(definition, 99),
    lspReferencesMs: referencesMs,
    lspReferences: refs.length,
    lspSymbolMs: symbolMs,
    lspCompletionMs,
    lspCompletionItems,
    lspTreeMs,
    editP50: percentile(edits, 50),
    editP95: percentile(edits, 95),
    specEditP50: percentile(specEdits, 50),
    specEditP95: percentile(specEdits, 95),
    ...checkout,
  };
}

/**
 * A restart of the language server on the cache a previous session wrote:
 * time from initialize until the index is done (its progress ended).
 */
async function measureLspWarm(info: CorpusInfo, cacheDir: string): Promise<number> {
  const { proc, conn } = startServer();
  let indexed!: () => void;
  const indexedP = new Promise<void>((res) => (indexed = res));
  conn.onNotification('$/progress', (p: { value: { kind: string } }) => {
    if (p.value.kind === 'end') indexed();
  });
  conn.listen();
  const t0 = performance.now();
  await initialize(conn, info.dir, cacheDir);
  await within(indexedP, 'end its indexing progress on its cache');
  const ms = performance.now() - t0;
  await stopServer(proc, conn);
  return ms;
}

/**
 * Opens `uri` with `text` and types `typed` at each start in turn, a
 * keystroke per incremental change; a keystroke's latency is until the
 * server publishes the file's diagnostics.
 */
async function typeBursts(
  conn: ProtocolConnection,
  uri: string,
  languageId: string,
  text: string,
  starts: Array<{ line: number; character: number }>,
  typed: string,
  diagWaiters: Map<string, () => void>,
): Promise<number[]> {
  conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
  await within(new Promise<void>((res) => diagWaiters.set(uri, res)), `publish diagnostics for the opened ${uri}`);
  const edits: number[] = [];
  let version = 1;
  for (const { line, character } of starts) {
    for (let k = 0; k < typed.length; k++) {
      const done = new Promise<void>((res) => diagWaiters.set(uri, res));
      const start = performance.now();
      conn.sendNotification('textDocument/didChange', {
        textDocument: { uri, version: ++version },
        contentChanges: [{ range: { start: { line, character: character + k }, end: { line, character: character + k } }, text: typed[k] }],
      });
      await within(done, `publish diagnostics after an edit of ${uri}`);
      edits.push(performance.now() - start);
    }
  }
  return edits;
}

/**
 * Typing bursts in a requirement's title (a product manager editing a spec):
 * each keystroke changes a definition. The spec is closed again afterwards.
 */
async function typeInSpecTitle(conn: ProtocolConnection, uri: string | undefined, diagWaiters: Map<string, () => void>): Promise<number[]> {
  if (!uri) throw new Error('no Markdown spec with diagnostics to type in');
  const text = fs.readFileSync(fileURLToPath(uri), 'utf8');
  const lines = text.split('\n');
  const line = lines.findIndex((l) => /^## [A-Z]/.test(l));
  const typed = ' renamed';
  // Five bursts, each going on where the last stopped.
  const starts = Array.from({ length: 5 }, (_, burst) => ({ line, character: lines[line].length + burst * typed.length }));
  const edits = await typeBursts(conn, uri, 'markdown', text, starts, typed, diagWaiters);
  conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
  return edits;
}

/** Files a simulated `git checkout` rewrites. */
const CHECKOUT_FILES = 10_000;

/**
 * A `git checkout` touching up to 10,000 source files: each gets one more
 * copy of one of its own tag lines at the end (so its content, mtime and
 * references change), and the server hears of all of them in one
 * didChangeWatchedFiles. Hovers go out back to back until the server settled:
 * its work-done progress for the batch ended (the diagnostics are pushed:
 * `checkoutMs`), and the `reqtrace/indexChanged` after it came (the coverage
 * summary is computed: `checkoutSettledMs`). The files get their old content
 * back afterwards, also when the measurement fails.
 */
async function measureCheckout(conn: ProtocolConnection, info: CorpusInfo, uriOf: (rel: string) => string, serverEvents: EventEmitter): Promise<Row> {
  const files = checkoutFiles(info);
  // The copied tag line of the first file: its ID gains a reference per copy of it.
  const first = files[0];
  const copies = files.filter((f) => f.id === first.id).length;
  const referencesOfFirst = async () =>
    ((await conn.sendRequest('textDocument/references', {
      textDocument: { uri: uriOf(first.rel) },
      position: first.position,
      context: { includeDeclaration: false },
    })) as unknown[] | null) ?? [];
  const before = (await referencesOfFirst()).length;
  // Each copied tag line is one more reference in the summary that ends the measurement.
  const summaryBefore = (await conn.sendRequest('reqtrace/coverage', {})) as { references: number };
  let t0 = 0;
  let checkoutMs: number | undefined;
  let settledMs: number | undefined;
  const onProgressEnd = (title: string) => {
    if (/updating/.test(title)) checkoutMs ??= performance.now() - t0;
  };
  const onIndexChanged = (summary: { references: number }) => {
    if (checkoutMs !== undefined && summary.references === summaryBefore.references + files.length) settledMs ??= performance.now() - t0;
  };
  fs.writeFileSync(journalFile(info), JSON.stringify(files.map((f) => [f.rel, f.size])));
  try {
    for (const f of files) fs.appendFileSync(path.join(info.dir, f.rel), f.appended);
    serverEvents.on('progressEnd', onProgressEnd);
    serverEvents.on('indexChanged', onIndexChanged);
    t0 = performance.now();
    void conn.sendNotification('workspace/didChangeWatchedFiles', { changes: files.map((f) => ({ uri: uriOf(f.rel), type: 2 })) });
    const hovers: number[] = [];
    let empty = 0;
    for (let i = 0; settledMs === undefined; i++) {
      const p = info.probes[i % info.probes.length];
      const t = performance.now();
      const h = await conn.sendRequest('textDocument/hover', { textDocument: { uri: uriOf(p.file) }, position: { line: p.line, character: p.character } });
      hovers.push(performance.now() - t);
      if (!h) empty++;
      if (performance.now() - t0 > 600_000) throw new Error('the server did not settle within 10 minutes of the checkout');
    }
    const after = (await referencesOfFirst()).length;
    if (after !== before + copies) throw new Error(`${first.id}: ${before} references before the checkout, ${after} after (expected ${copies} more)`);
    if (empty > 0) throw new Error(`${empty} hovers during the checkout found nothing`);
    return {
      checkoutFiles: files.length,
      checkoutMs: checkoutMs!,
      checkoutSettledMs: settledMs,
      checkoutHovers: hovers.length,
      checkoutHoverP50: percentile(hovers, 50),
      checkoutHoverP99: percentile(hovers, 99),
      checkoutHoverMaxMs: Math.max(...hovers),
    };
  } finally {
    serverEvents.off('progressEnd', onProgressEnd);
    serverEvents.off('indexChanged', onIndexChanged);
    undoCheckout(info);
  }
}

interface CheckoutFile {
  rel: string;
  /** Size before the checkout: the appended line is cut off again at this length. */
  size: number;
  appended: string;
  /** The ID of the tag line that is copied, and its position. */
  id: string;
  position: { line: number; character: number };
}

/** A tag that names one ID in a comment of any language. */
const TAG = /(?:@impl|@test|Implements:) ([A-Z][A-Z0-9-]*)/;

/**
 * Up to CHECKOUT_FILES source files spread over the corpus (never the edit
 * benchmark's file, which is open), each with a copy of its first tag line.
 */
function checkoutFiles(info: CorpusInfo): CheckoutFile[] {
  const all = (fs.readdirSync(info.dir, { recursive: true }) as string[])
    .map((f) => f.split(path.sep).join('/'))
    .filter((f) => /^(src|tests)\/.+\.\w+$/.test(f) && f !== info.editFile)
    .sort();
  const step = Math.max(1, all.length / CHECKOUT_FILES);
  const out: CheckoutFile[] = [];
  // A file without a tag is passed over for the next one.
  for (let i = 0, next = 0; next < all.length && out.length < CHECKOUT_FILES; i += step) {
    next = Math.max(next, Math.floor(i));
    const rel = all[next++];
    const text = fs.readFileSync(path.join(info.dir, rel), 'utf8');
    const lines = text.split('\n');
    const line = lines.findIndex((l) => TAG.test(l));
    if (line < 0) continue;
    const m = TAG.exec(lines[line])!;
    const character = m.index + m[0].length - m[1].length + 1;
    out.push({ rel, size: Buffer.byteLength(text), appended: `${lines[line]}\n`, id: m[1], position: { line, character } });
  }
  return out;
}

/** Where the sizes before a checkout are kept until it is undone, so a killed run can be repaired. */
function journalFile(info: CorpusInfo): string {
  return `${info.dir}.checkout.json`;
}

/** Cuts the appended lines off again (the corpus is reused by later runs) and drops the journal. */
function undoCheckout(info: CorpusInfo): void {
  const journal = journalFile(info);
  if (!fs.existsSync(journal)) return;
  for (const [rel, size] of JSON.parse(fs.readFileSync(journal, 'utf8')) as Array<[string, number]>) {
    fs.truncateSync(path.join(info.dir, rel), size);
  }
  fs.rmSync(journal);
}

function fmt(v: number | string): string {
  if (typeof v === 'string') return v;
  return Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(2);
}

/** The read floor (readFloor.ts) on the corpus, with the index's threads; with `scan`, also finding the IDs. */
function readFloor(readFloorJs: string, info: CorpusInfo, mode: 'read' | 'scan'): number {
  const r = spawnSync(process.execPath, [readFloorJs, info.dir, String(1 + indexWorkerCount()), mode], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`read floor failed: ${r.stderr}`);
  return (JSON.parse(r.stdout) as { readFloorMs: number }).readFloorMs;
}

/** realFloor.ts on `dir` in `mode`: its wall time, and the CPU time of its threads. */
function realFloor(realFloorJs: string, dir: string, mode: 'read' | 'lex' | 'analyze'): { ms: number; cpuMs: number } {
  const r = spawnSync(process.execPath, [realFloorJs, dir, ...(mode === 'read' ? [] : [mode])], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`real floor (${mode}) failed: ${r.stderr}`);
  const { realFloorMs, cpuMs } = JSON.parse(r.stdout) as { realFloorMs: number; cpuMs: number };
  return { ms: realFloorMs, cpuMs };
}

/** Alternating rounds of the cold index and its scan floor per size, in `npm run bench`. */
const INDEX_ROUNDS = 3;

async function benchSize(sizeName: string, bundles: Bundles, guarding = false): Promise<Row> {
  const probeJs = bundles.probe;
  const info = corpus(sizeName);
  // Warm the page cache so every contender reads from memory.
  timeCommand('rg', ['-c', '--no-messages', 'x', info.dir]);
  const rgMs = timeCommand('rg', ['-c', '--no-messages', '-e', '[A-Z][A-Z]*(?:-[A-Z0-9]+)*-[0-9]+', info.dir]);
  const readFloorMs = readFloor(bundles.readFloor, info, 'read');
  // The cold index and its scan floor in alternating rounds: at L, single runs of each put the ratio anywhere
  // in 3.6-3.9 on a shared machine. bench:check measures a size three times over instead.
  // With the analysis floor in `npm run bench`: reqtrace's own per-file analysis of every file, nothing kept or sent.
  const rounds = Array.from({ length: guarding ? 1 : INDEX_ROUNDS }, () => ({
    floor: readFloor(bundles.readFloor, info, 'scan'),
    analysis: guarding ? undefined : realFloor(bundles.realFloor, info.dir, 'analyze').ms,
    probe: runProbe(probeJs, info),
  }));
  const byIndexTime = [...rounds].sort((a, b) => (a.probe.indexMs as number) - (b.probe.indexMs as number));
  // The run with the median index time gives the probe's other numbers too.
  const probe = byIndexTime[Math.floor(rounds.length / 2)].probe;
  const scanFloorMs = percentile(rounds.map((r) => r.floor), 50);
  const analysis = rounds.flatMap((r) => (r.analysis === undefined ? [] : [{ ms: r.analysis, floor: r.floor, index: r.probe.indexMs as number }]));
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'reqtrace-cache-'));
  runProbe(probeJs, info, cacheDir);
  const warm = runProbe(probeJs, info, cacheDir);
  fs.rmSync(cacheDir, { recursive: true, force: true });
  const { ms: cliMs, peakRssMb: cliRssMb } = timeCli(['check', info.dir, '--format', 'json', '--output', os.devNull]);
  const lspCache = fs.mkdtempSync(path.join(os.tmpdir(), 'reqtrace-lsp-cache-'));
  const lsp = await measureLsp(info, lspCache);
  // The checkout in that session rewrote files (and put them back): the first restart reads those again and
  // saves the cache anew, the second is what a restart on an unchanged workspace costs.
  await measureLspWarm(info, lspCache);
  const lspWarmIndexMs = await measureLspWarm(info, lspCache);
  fs.rmSync(lspCache, { recursive: true, force: true });
  // Not in bench:check: see GUARDED. `npm run bench` measures it at every size.
  const publish = guarding ? {} : await measurePublishPhase(info.dir, info.probes, info.editFile);
  const mb = info.bytes / 1e6;
  return {
    size: sizeName,
    files: info.files,
    MB: mb,
    requirements: info.requirements,
    references: info.references,
    indexMs: probe.indexMs,
    // Every thread's CPU: steadier than the wall time on a shared machine, and it shows when both cores are busy.
    indexCpuMs: probe.indexCpuMs,
    filesPerS: info.files / ((probe.indexMs as number) / 1000),
    MBPerS: mb / ((probe.indexMs as number) / 1000),
    rgMs,
    vsRg: (probe.indexMs as number) / rgMs,
    readFloorMs,
    floorVsRg: readFloorMs / rgMs,
    scanFloorMs,
    scanVsRg: scanFloorMs / rgMs,
    indexVsScanFloor: percentile(rounds.map((r) => (r.probe.indexMs as number) / r.floor), 50),
    // Medians of the rounds' own ratios, as indexVsScanFloor.
    ...(analysis.length > 0
      ? {
          analysisFloorMs: percentile(analysis.map((a) => a.ms), 50),
          analysisVsScanFloor: percentile(analysis.map((a) => a.ms / a.floor), 50),
          indexVsAnalysisFloor: percentile(analysis.map((a) => a.index / a.ms), 50),
        }
      : {}),
    cliVsRg: cliMs / rgMs,
    warmIndexMs: warm.indexMs,
    indexRssMb: probe.indexRssMb,
    rssMb: probe.rssMb,
    heapMb: probe.heapMb,
    retainedMb: probe.retainedMb,
    hoverP50: probe.hoverP50,
    hoverP99: probe.hoverP99,
    definitionP99: probe.definitionP99,
    referencesMs: probe.referencesMs,
    hotReferences: probe.references,
    symbolMs: probe.symbolMs,
    diagnosticsMs: probe.diagnosticsMs,
    cliMs,
    cliRssMb,
    ...lsp,
    lspWarmIndexMs,
    ...publish,
    ...measureDiff(info),
    ...measureHistory(info),
  };
}

/** `check --suspects` beside a plain `check`, on a copy of the corpus with a generated history (see history.ts). */
function measureSuspects(sizeName: string): Row {
  const info = corpus(sizeName);
  const dir = path.join(CORPUS_ROOT, `${sizeName}-v${CORPUS_VERSION}-history`);
  const t = performance.now();
  const history = corpusWithHistory(info, dir);
  const historyMs = performance.now() - t;
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'reqtrace-suspects-')), 'report.json');
  const args = ['check', dir, '--format', 'json', '--output', out, '--fail-on', 'never'];
  // Page cache warm for both.
  timeCli(args);
  const checkMs = timeCli(args).ms;
  const suspects = timeCli([...args, '--suspects']);
  const found = (JSON.parse(fs.readFileSync(out, 'utf8')) as { diagnostics: Array<{ code: string }> }).diagnostics.filter((d) => d.code === 'suspect-reference').length;
  fs.rmSync(path.dirname(out), { recursive: true, force: true });
  return {
    size: sizeName,
    files: info.files,
    commits: COMMITS,
    requirementChanges: history.changes,
    filesGrown: history.touched,
    historySetupMs: historyMs,
    checkMs,
    suspectsCheckMs: suspects.ms,
    suspectsVsCheck: suspects.ms / checkMs,
    suspectsRssMb: suspects.peakRssMb,
    suspectsFound: found,
  };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args.includes('--suspects')) {
    const sizes = (args[args.indexOf('--sizes') + 1] ?? 'S,M').split(',');
    if (!fs.existsSync(path.join(ROOT, 'server/dist/cli.js'))) throw new Error('server/dist is missing: run npm run build first');
    const rows = sizes.map((s) => (process.stderr.write(`suspects at ${s}...\n`), measureSuspects(s)));
    process.stdout.write(`| metric | ${rows.map((r) => r.size).join(' | ')} |\n| --- | ${rows.map(() => '---').join(' | ')} |\n`);
    for (const k of Object.keys(rows[0]).slice(1)) process.stdout.write(`| ${k} | ${rows.map((r) => fmt(r[k])).join(' | ')} |\n`);
    return;
  }
  const check = args.includes('--check');
  const updateBaseline = args.includes('--update-baseline');
  const sizesArg = args.find((a) => a.startsWith('--sizes='))?.slice(8) ?? (args[args.indexOf('--sizes') + 1] && args.includes('--sizes') ? args[args.indexOf('--sizes') + 1] : undefined);
  const guarding = check || updateBaseline;
  const sizes = guarding ? ['S', 'Rs'] : (sizesArg ?? 'S,M,L,R').split(',');
  if (!fs.existsSync(path.join(ROOT, 'server/dist/server.js'))) throw new Error('server/dist is missing: run npm run build first');
  const bundles = await bundleProbes();
  const rows: Row[] = [];
  /** The runs of each size measured for the guard (--check, --update-baseline). */
  const guardRuns = new Map<string, Row[]>();
  for (const s of sizes) {
    process.stderr.write(`benchmarking ${s}...\n`);
    if (args.includes('--only-diff')) {
      const info = corpus(s);
      rows.push({ size: s, files: info.files, ...measureDiff(info) });
      continue;
    }
    if (args.includes('--only-html')) {
      const info = corpus(s);
      rows.push({ size: s, files: info.files, ...(await measureHtml(info)) });
      continue;
    }
    if (args.includes('--only-publish')) {
      const info = isRealSize(s) ? realCorpus(s, CORPUS_ROOT) : corpus(s);
      rows.push({ size: s, files: info.files, ...(await measurePublishPhase(info.dir, info.probes, info.editFile)) });
      continue;
    }
    if (args.includes('--only-history')) {
      const info = corpus(s);
      rows.push({ size: s, files: info.files, ...measureHistory(info) });
      continue;
    }
    if (!guarding) {
      rows.push(isRealSize(s) ? await benchRealSize(s, bundles, false) : await benchSize(s, bundles));
      continue;
    }
    // One run of a small corpus is at the mercy of a noisy machine: the median of three is not.
    guardRuns.set(s, await guardedRuns(s, bundles, isRealSize(s) ? 1 : GUARD_RUNS));
    rows.push(medianRow(guardRuns.get(s)!));
  }
  // The union of the rows' metrics: the real corpora measure fewer things than the generated ones.
  const keys = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const machine = machineLine();
  process.stdout.write(`machine: ${machine}\n\n`);
  process.stdout.write(`| metric | ${rows.map((r) => r.size).join(' | ')} |\n| --- | ${rows.map(() => '---').join(' | ')} |\n`);
  for (const k of keys.slice(1)) process.stdout.write(`| ${k} | ${rows.map((r) => (r[k] === undefined ? '' : fmt(r[k]))).join(' | ')} |\n`);
  process.stdout.write(`\n${closingTable(rows, fmt)}`);
  const resultsDir = path.join(ROOT, 'bench/results');
  fs.mkdirSync(resultsDir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  fs.writeFileSync(path.join(resultsDir, `bench-${stamp}.json`), JSON.stringify({ machine, rows }, null, 2) + '\n');
  if (updateBaseline) {
    const baseline = { machine, measuredAt: new Date().toISOString(), ...Object.fromEntries(GUARDED.map((k) => [k, rows[0][k]])), ...realGuarded(rows) };
    fs.writeFileSync(BASELINE_FILE, JSON.stringify(baseline, null, 2) + '\n');
    process.stdout.write(`\nwrote ${path.relative(ROOT, BASELINE_FILE)}\n`);
  }
  if (!check) return;
  const failed = compareWithBaseline({ ...rows[0], ...realGuarded(rows) });
  if (failed === undefined || failed.length === 0) {
    process.exitCode = failed === undefined ? 1 : 0;
    return;
  }
  // A metric over its limit is measured again before it fails the build: a burst of load on a shared
  // machine moves one median of three, a regression moves every run (the check fails on the median of all).
  process.stdout.write(`\nmeasuring again, for ${failed.join(', ')}\n`);
  for (const [s, before] of guardRuns) {
    // The size's own failed metrics, by their names in its rows (`Rs.realCheckMs` is Rs's `realCheckMs`).
    const mine = failed.flatMap((k) => (isRealSize(s) ? (k.startsWith(`${s}.`) ? [[k, k.slice(s.length + 1)]] : []) : k.includes('.') ? [] : [[k, k]]));
    if (mine.length === 0) continue;
    process.stderr.write(`benchmarking ${s} again...\n`);
    const runs = [...before, ...(await guardedRuns(s, bundles, isRealSize(s) ? 2 : GUARD_RUNS))];
    rows[sizes.indexOf(s)] = medianRow(runs);
    for (const [k, metric] of mine) process.stdout.write(`${k} in each run: ${runs.map((r) => fmt(r[metric])).join(', ')}\n`);
  }
  process.exitCode = compareWithBaseline({ ...rows[0], ...realGuarded(rows) })?.length === 0 ? 0 : 1;
}

/** `count` runs of size `s` as the guard measures it. */
async function guardedRuns(s: string, bundles: Bundles, count: number): Promise<Row[]> {
  const runs: Row[] = [];
  for (let i = 0; i < count; i++) runs.push(isRealSize(s) ? await benchRealSize(s, bundles, true) : await benchSize(s, bundles, true));
  return runs;
}

const GUARD_RUNS = 3;
const BASELINE_FILE = path.join(ROOT, 'bench/baseline.json');

/** Per metric, the median of the runs (strings from the first run). */
function medianRow(runs: Row[]): Row {
  const out: Row = {};
  for (const k of Object.keys(runs[0])) {
    const values = runs.map((r) => r[k]);
    out[k] = typeof values[0] === 'number' ? percentile(values as number[], 50) : values[0];
  }
  return out;
}

/** Metrics where lower is better, compared against the committed baseline with 50% slack. */
const GUARDED = [
  'indexMs',
  'warmIndexMs',
  'rssMb',
  'retainedMb',
  'hoverP99',
  'definitionP99',
  'referencesMs',
  'cliMs',
  'cliRssMb',
  'firstHoverMs',
  'lspHoverP99',
  'lspDefinitionP99',
  'lspReferencesMs',
  'lspCompletionMs',
  'lspTreeMs',
  'editP95',
  'specEditP95',
  'checkoutMs',
  'checkoutHoverMaxMs',
  'lspIndexMs',
  'lspRssMb',
  'lspWarmIndexMs',
  // Not the first publish's metrics (printed, and measured at every size): at S and Rs that publish lasts
  // 0.3-0.9 s, its p99 is the slowest of 16-73 requests, and two runs of the same build minutes apart gave
  // 18-157 ms (load 8-9). publishMs depends on how hard the bench's requests make the publish step back.
];

/** The real corpus's guarded metrics, named `Rs.<metric>` beside size S's. */
function realGuarded(rows: Row[]): Row {
  const real = rows.find((r) => isRealSize(String(r.size)));
  return real ? Object.fromEntries(REAL_GUARDED.map((k) => [`${real.size}.${k}`, real[k]])) : {};
}

/** A real-code corpus (realBench.ts), with its floor (realFloor.ts) and this bench's in-process probe. */
function benchRealSize(name: string, bundles: Bundles, guarding: boolean): Promise<Row> {
  const as = (dir: string, probes: CorpusInfo['probes'] = [], hotId = '') => ({ dir, probes, hotId }) as unknown as CorpusInfo;
  return benchReal(name, CORPUS_ROOT, {
    realFloor: (dir, mode) => realFloor(bundles.realFloor, dir, mode ?? 'read'),
    probe: (dir, probes, hotId) => runProbe(bundles.probe, as(dir, probes, hotId)),
  }, guarding);
}

/** The guarded metrics over their limits, printed with every metric; undefined when a baseline is missing. */
function compareWithBaseline(row: Row): string[] | undefined {
  let baseline: Row;
  try {
    baseline = JSON.parse(fs.readFileSync(BASELINE_FILE, 'utf8')) as Row;
  } catch (e) {
    process.stdout.write(`cannot read ${path.relative(ROOT, BASELINE_FILE)}: ${(e as Error).message}\n(npm run bench -- --update-baseline writes it)\n`);
    return undefined;
  }
  process.stdout.write(`\nbaseline: ${baseline.machine ?? 'unknown machine'}, ${baseline.measuredAt ?? ''}\n`);
  const failed: string[] = [];
  let missing = false;
  for (const k of [...GUARDED, ...Object.keys(row).filter((k) => k.includes('.'))]) {
    const base = baseline[k] as number | undefined;
    const now = row[k] as number;
    if (typeof base !== 'number') {
      process.stdout.write(`FAIL ${k}: no baseline value (npm run bench -- --update-baseline)\n`);
      missing = true;
      continue;
    }
    // A few milliseconds are timer and scheduler noise on any machine: times get that much slack at least.
    const limit = k.endsWith('Mb') ? base * 1.5 : Math.max(base * 1.5, base + 2);
    const ok = now <= limit;
    if (!ok) failed.push(k);
    process.stdout.write(`${ok ? 'ok  ' : 'FAIL'} ${k}: ${fmt(now)} (baseline ${fmt(base)}, limit ${fmt(limit)})\n`);
  }
  if (missing) process.stdout.write('the baseline lacks guarded metrics\n');
  else process.stdout.write(failed.length ? `${failed.length} metric(s) more than 50% worse than bench/baseline.json\n` : 'benchmark within 50% of the baseline\n');
  return missing ? undefined : failed;
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).stack}\n`);
  process.exit(1);
});
