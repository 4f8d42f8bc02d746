/**
 * A cold index reads while it walks (walkPipeline.ts): the index workers
 * take the files the walk has listed so far. The result must be what one
 * thread gives after a whole walk, also when a file found late in the walk
 * turns a dialect on (then what was read is dropped and read again).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Engine } from '../../server/src/core/engine/engine';
import { createEngine } from '../../server/src/core/engine/createEngine';
import { NodeHost } from '../../server/src/node/nodeHost';
import { diskEngineOptions } from '../../server/src/node/diskEngine';

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'server/dist/cli.js');

/** 3,000 source files in 60 folders, a tenth of them tagged, and a spec: many folders, so that the walk takes a while. */
function workspace(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reqtrace-pipeline-'));
  fs.mkdirSync(path.join(dir, 'docs'));
  fs.writeFileSync(path.join(dir, 'docs/spec.md'), '# Spec\n\n## AUTH-001: Login\n\n## AUTH-002: Logout\n');
  for (let i = 0; i < 3000; i++) {
    const sub = path.join(dir, 'src', `d${i % 60}`);
    fs.mkdirSync(sub, { recursive: true });
    const body = i % 10 === 0 ? `// @impl AUTH-00${(i % 3) + 1}\nexport const x = ${i};\n` : `export const x = ${i} - 1; // UTF8\n`;
    fs.writeFileSync(path.join(sub, `f${i}.ts`), body);
  }
  return dir;
}

function summary(engine: Engine): unknown {
  return {
    dialects: engine.dialects.map((d) => d.name),
    files: [...engine.index.files()].sort(),
    diagnostics: engine.diagnostics(),
    references: engine.index.definedIds().map((id) => [id, engine.index.references(id)]),
  };
}

/**
 * A cold index with workers whose walk lists `folder` only once the workers
 * have sent results: what it reads before, it reads while walking.
 */
async function indexWaitingIn(ws: string, folder: string): Promise<Engine> {
  const engine: Engine = new Engine({
    ...diskEngineOptions(ws, { workerScript: CLI }),
    host: new (class extends NodeHost {
      override async readDirectory(dir: string) {
        const until = Date.now() + 60_000;
        while (dir === folder && engine.lastIndexStats.fromWorkers === 0) {
          assert.ok(Date.now() < until, 'no worker results while the walk waited');
          await new Promise((r) => setImmediate(r));
        }
        return super.readDirectory(dir);
      }
    })(ws),
  });
  await engine.loadConfig();
  await engine.indexAll();
  return engine;
}

describe('reading while walking', function () {
  this.timeout(120_000);
  let ws: string;
  before(() => {
    assert.ok(fs.existsSync(CLI), 'server/dist/cli.js is missing: run npm run build');
    ws = workspace();
  });
  after(() => fs.rmSync(ws, { recursive: true, force: true }));

  it('reads files in the workers before the walk ends, with the result of one thread', async () => {
    fs.mkdirSync(path.join(ws, 'zzz'));
    fs.writeFileSync(path.join(ws, 'zzz/last.ts'), '// @impl AUTH-002\n');
    try {
      const oneThread = summary(await createEngine({ host: new NodeHost(ws) }));
      const piped = await indexWaitingIn(ws, 'zzz');
      assert.ok(piped.lastIndexStats.readDuringWalk > 0, 'files were read during the walk');
      assert.equal(piped.lastIndexStats.files, 3002);
      assert.deepEqual(summary(piped), oneThread);
    } finally {
      fs.rmSync(path.join(ws, 'zzz'), { recursive: true, force: true });
    }
  });

  it('drops what it read and reads again when the walk finds a dialect marker late', async () => {
    // `zz/` is walked last: the workers have read files by then, under no dialect.
    fs.cpSync(path.join(ROOT, 'test-fixtures/dialect-sphinxneeds/docs'), path.join(ws, 'zz/docs'), { recursive: true });
    try {
      const oneThread = summary(await createEngine({ host: new NodeHost(ws) }));
      assert.deepEqual((oneThread as { dialects: string[] }).dialects, ['sphinx-needs']);
      const piped = await indexWaitingIn(ws, 'zz');
      assert.ok(piped.lastIndexStats.fromWorkers > 0);
      assert.equal(piped.lastIndexStats.readDuringWalk, 0, 'nothing read during the walk is kept');
      assert.deepEqual(summary(piped), oneThread);
    } finally {
      fs.rmSync(path.join(ws, 'zz'), { recursive: true, force: true });
    }
  });
});
