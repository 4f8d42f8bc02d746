/**
 * The index in worker threads (workspaces of 2,000 files or more) must give
 * exactly what one thread gives, cold and from the persisted cache. The
 * workers run from the built bundle, as they do in the CLI and the server.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { Engine } from '../../server/src/core/engine/engine';
import { createEngine } from '../../server/src/core/engine/createEngine';
import { NodeHost } from '../../server/src/node/nodeHost';
import { diskEngineOptions } from '../../server/src/node/diskEngine';
import { serialScavenge } from '../../server/src/node/serialScavenge';
import { runCli } from './fixtures.test';

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'server/dist/cli.js');

/**
 * The demo and the Doorstop fixture (a dialect that reads the file list), plus 2,400 generated source files
 * and 400 spec files of 12 requirements each: a worker sends a chunk of those in several messages.
 */
function largeWorkspace(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reqtrace-workers-'));
  fs.cpSync(path.join(ROOT, 'test-fixtures/demo'), dir, { recursive: true });
  fs.cpSync(path.join(ROOT, 'test-fixtures/dialect-doorstop'), path.join(dir, 'doorstop'), { recursive: true });
  fs.rmSync(path.join(dir, 'doorstop/expected.json'));
  const ids = ['AUTH-001', 'AUTH-002', 'BILL-001', 'AUTH-999', 'REQ001', 'API-001'];
  const kinds: Array<[string, (s: string) => string]> = [
    ['ts', (s) => `// ${s}\nexport const x = "AUTH-003 in a string";\n`],
    ['py', (s) => `# ${s}\nx = 'AUTH-003'\n`],
    ['go', (s) => `/* ${s} */\nfunc f() {}\n`],
    ['sql', (s) => `-- ${s}\nSELECT 1;\n`],
  ];
  for (let i = 0; i < 2400; i++) {
    const [ext, body] = kinds[i % kinds.length];
    const sub = path.join(dir, 'gen', `d${i % 40}`);
    fs.mkdirSync(sub, { recursive: true });
    const tag = i % 7 === 0 ? `@impl ${ids[i % ids.length]}@${(i % 3) + 1}` : `Implements: ${ids[i % ids.length]}, ${ids[(i + 1) % ids.length]}`;
    fs.writeFileSync(path.join(sub, `f${i}.${i % 11 === 0 ? 'test.' : ''}${ext}`), body(tag));
  }
  for (let k = 0; k < 400; k++) {
    const sub = path.join(dir, 'docs', 'gen', `s${k % 10}`);
    fs.mkdirSync(sub, { recursive: true });
    const reqs = Array.from({ length: 12 }, (_, j) => `## GEN-${k * 12 + j}: Generated ${k}.${j}\n\nParent: AUTH-001\n`);
    fs.writeFileSync(path.join(sub, `spec${k}.md`), `# Spec ${k}\n\n${reqs.join('\n')}`);
  }
  // Some generated requirements are implemented, one in a file the worker may read.
  fs.writeFileSync(path.join(dir, 'gen', 'gen-impl.ts'), '// @impl GEN-7, GEN-2400, GEN-4799\n');
  return dir;
}

function summary(engine: Engine): unknown {
  return {
    files: [...engine.index.files()].sort(),
    diagnostics: engine.diagnostics(),
    references: engine.index.definedIds().map((id) => [id, engine.index.references(id)]),
  };
}

describe('index worker threads', function () {
  this.timeout(120_000);
  let ws: string;
  let oneThread: unknown;

  before(async () => {
    assert.ok(fs.existsSync(CLI), 'server/dist/cli.js is missing: run npm run build');
    ws = largeWorkspace();
    oneThread = summary(await createEngine({ host: new NodeHost(ws) }));
  });
  after(() => fs.rmSync(ws, { recursive: true, force: true }));

  it('give the same index and diagnostics as one thread, cold and from the cache', async () => {
    const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'reqtrace-workers-cache-'));
    try {
      const cold = await createEngine(diskEngineOptions(ws, { workerScript: CLI, cacheDir: cache }));
      assert.ok(cold.lastIndexStats.workers >= 1, 'worker threads were used');
      assert.ok(cold.lastIndexStats.fromWorkers > 0, 'worker threads read files');
      assert.ok(cold.dialects.some((d) => d.name === 'doorstop'), 'the Doorstop dialect was detected');
      assert.deepEqual(summary(cold), oneThread);

      const warm = await createEngine(diskEngineOptions(ws, { workerScript: CLI, cacheDir: cache }));
      assert.equal(warm.lastIndexStats.fromCache, warm.lastIndexStats.files, 'every file from the cache');
      assert.deepEqual(summary(warm), oneThread);
    } finally {
      fs.rmSync(cache, { recursive: true, force: true });
    }
  });

  it('hold collections on one thread while they run, and end the hold when the index ends', async () => {
    const held: number[] = [];
    let ended = 0;
    const hold = serialScavenge.hold;
    serialScavenge.hold = (threads) => {
      held.push(threads);
      assert.equal(ended, 0, 'a hold starts before the index ends');
      return () => void ended++;
    };
    try {
      const engine = await createEngine(diskEngineOptions(ws, { workerScript: CLI }));
      assert.ok(engine.lastIndexStats.workers >= 1);
      assert.deepEqual(held, [engine.lastIndexStats.workers + 1], 'one hold, for the workers and the main thread');
      assert.equal(ended, 1);
    } finally {
      serialScavenge.hold = hold;
    }
  });

  it('keep the main thread turning its event loop, so requests and the results of workers are taken in', async () => {
    // As the language server runs it: progress reported through promises (its notifications).
    const engine = new Engine(diskEngineOptions(ws, { workerScript: CLI }));
    await engine.loadConfig();
    const delay = monitorEventLoopDelay({ resolution: 1 });
    delay.enable();
    const start = performance.now();
    await engine.indexAll(undefined, () => void Promise.resolve().then(() => undefined));
    const wallMs = performance.now() - start;
    delay.disable();
    const maxMs = delay.max / 1e6;
    // The longest the loop waited, against the whole index. With one loop that yields every 2 ms, the
    // longest waits are garbage collections and a worker's message: 14-22 ms of a 200-230 ms index here
    // (7-11%). With 32 concurrent loops on the main thread the loop turned only once all of them waited,
    // which with synchronous reads is when its share of the files was done: 130-150 ms of 190-210 ms
    // (65-75%); a language server at 100k files measured 42 ms between turns, its worker thread idle.
    // A ratio, not milliseconds: a slower or busier machine stretches both. (A p99 under 25 ms failed on
    // a CI machine at 33 ms: in a run this short, the p99 is one of its few longest waits.)
    assert.ok(maxMs < wallMs / 3, `longest event-loop delay ${maxMs.toFixed(1)} ms of an index of ${wallMs.toFixed(0)} ms`);
  });

  it('the bundled CLI reports the same diagnostics as one thread', async () => {
    // To a file: the report of 5,000 requirements is more than spawnSync buffers from stdout.
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'reqtrace-workers-report-')), 'report.json');
    const r = runCli(['check', ws, '--format', 'json', '--fail-on', 'never', '--output', out]);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(fs.readFileSync(out, 'utf8')) as { diagnostics: Array<{ code: string; file: string; line: number }> };
    fs.rmSync(path.dirname(out), { recursive: true, force: true });
    const expected = (oneThread as { diagnostics: Array<{ code: string; file: string; range: { start: { line: number } } }> }).diagnostics;
    assert.equal(report.diagnostics.length, expected.length);
    assert.ok(expected.length > 100, `a workspace with many diagnostics (${expected.length})`);
  });
});
