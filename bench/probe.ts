/**
 * In-process measurements, run in a child process (bundled by bench.ts) so
 * peak RSS belongs to the indexing alone: cold index, then the engine-side
 * cost of hover, definition, references and symbol search.
 */
import { performance } from 'node:perf_hooks';
import { createEngine } from '../server/src/core/engine/createEngine';
import { diskEngineOptions, runIndexWorkerIfAny } from '../server/src/node';
import { definitionLocations, hoverMarkdown, referenceLocations, searchRequirements, targetAt } from '../server/src/core/engine/queries';

interface Probe {
  file: string;
  line: number;
  character: number;
}

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

async function main(): Promise<void> {
  const [dir, probesJson, hotId, cacheDir] = process.argv.slice(2);
  const probes = JSON.parse(probesJson) as Probe[];
  const t0 = performance.now();
  const engine = await createEngine(diskEngineOptions(dir, { cacheDir: cacheDir || undefined, workerScript: process.env.REQTRACE_NO_WORKERS ? undefined : __filename }));
  const indexMs = performance.now() - t0;
  // CPU time of every thread of the process (the workers' included): steadier than wall time on a busy machine.
  const { user, system } = process.cpuUsage();
  const indexCpuMs = (user + system) / 1000;
  // For profiling the cold index alone (`node --cpu-prof`): stop before the queries.
  if (process.env.REQTRACE_PROBE_INDEX_ONLY) {
    process.stdout.write(JSON.stringify({ indexMs, indexCpuMs, ...engine.lastIndexStats.phases, rssMb: process.resourceUsage().maxRSS / 1024 }) + '\n');
    process.exit(0);
  }
  // Peak memory of indexing alone: the queries below (a full check of every file) come after.
  const indexRssMb = process.resourceUsage().maxRSS / 1024;
  const files = engine.index.fileCount;
  const heapMb = process.memoryUsage().heapUsed / 1048576;
  // What the index keeps, garbage aside (bench.ts runs the probe with --expose-gc).
  (globalThis as { gc?: () => void }).gc?.();
  const retainedMb = process.memoryUsage().heapUsed / 1048576;

  const hover: number[] = [];
  const definition: number[] = [];
  for (let i = 0; i < 1000; i++) {
    const p = probes[i % probes.length];
    let t = performance.now();
    const target = targetAt(engine, p.file, { line: p.line, character: p.character });
    if (!target) throw new Error(`no target at ${p.file}:${p.line}:${p.character}`);
    hoverMarkdown(engine, target.id);
    hover.push(performance.now() - t);
    t = performance.now();
    const t2 = targetAt(engine, p.file, { line: p.line, character: p.character })!;
    definitionLocations(engine, t2);
    definition.push(performance.now() - t);
  }
  let t = performance.now();
  const refs = referenceLocations(engine, hotId, true);
  const referencesMs = performance.now() - t;
  t = performance.now();
  const symbols = searchRequirements(engine, 'session token');
  const symbolMs = performance.now() - t;
  t = performance.now();
  const diagnostics = engine.diagnostics().length;
  const diagnosticsMs = performance.now() - t;

  const out = {
    indexMs,
    indexCpuMs,
    files,
    heapMb,
    retainedMb,
    walkReused: engine.lastIndexStats.walkReused,
    ...engine.lastIndexStats.phases,
    indexRssMb,
    rssMb: process.resourceUsage().maxRSS / 1024,
    hoverP50: percentile(hover, 50),
    hoverP99: percentile(hover, 99),
    definitionP50: percentile(definition, 50),
    definitionP99: percentile(definition, 99),
    referencesMs,
    references: refs.length,
    symbolMs,
    symbols: symbols.length,
    diagnostics,
    diagnosticsMs,
  };
  process.stdout.write(JSON.stringify(out) + '\n');
}

if (!runIndexWorkerIfAny()) main().catch((e) => {
  process.stderr.write(`${(e as Error).stack}\n`);
  process.exit(1);
});
