/**
 * The core layer of the golden fixtures: the engine, run in-process on every
 * `test-fixtures/<case>/` that has an `expected.json`, gives exactly its
 * diagnostics and requirement fields (the CLI and LSP tests read the same
 * files: test/cli/fixtures.test.ts, test/lsp/fidelity.test.ts).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createEngine } from '../../server/src/core/engine/createEngine';
import { buildReport } from '../../server/src/core/engine/report';
import { NodeHost } from '../../server/src/node/nodeHost';
import { diagKeys } from './engineHelpers';

const FIXTURES = path.resolve(__dirname, '..', '..', 'test-fixtures');

interface Expected {
  args?: string[];
  /** Files and folders given as PATHs: the only inputs. */
  paths?: string[];
  diagnostics: string[];
  requirements?: Record<string, { covered?: boolean; impl?: number; test?: number; status?: string | null; oftStatus?: string; release?: string | null }>;
  summary?: Record<string, number>;
}

/** The dialects an `args` list turns on (`--dialect NAME`, repeatable). */
function dialectsOf(args: string[] = []): string[] {
  return args.flatMap((a, i) => (a === '--dialect' ? [args[i + 1]] : []));
}

describe('core on test-fixtures', () => {
  const cases = fs
    .readdirSync(FIXTURES)
    .filter((d) => fs.existsSync(path.join(FIXTURES, d, 'expected.json')))
    .sort();

  for (const name of cases) {
    it(name, async () => {
      const expected = JSON.parse(fs.readFileSync(path.join(FIXTURES, name, 'expected.json'), 'utf8')) as Expected;
      const root = path.join(FIXTURES, name);
      const engine = await createEngine({ host: new NodeHost(root), dialects: dialectsOf(expected.args), scope: expected.paths });
      assert.deepEqual(diagKeys(engine), expected.diagnostics);
      const report = buildReport(engine);
      for (const [id, want] of Object.entries(expected.requirements ?? {})) {
        const req = report.requirements.find((x) => x.id === id);
        assert.ok(req, `requirement ${id} not in report`);
        if (want.covered !== undefined) assert.equal(req.covered, want.covered, `${id}.covered`);
        if (want.impl !== undefined) assert.equal(req.references.impl, want.impl, `${id} impl count`);
        if (want.test !== undefined) assert.equal(req.references.test, want.test, `${id} test count`);
        if (want.status !== undefined) assert.equal(req.status, want.status, `${id}.status`);
        if (want.oftStatus !== undefined) assert.equal(req.oftStatus, want.oftStatus, `${id}.oftStatus`);
        if (want.release !== undefined) assert.equal(req.release, want.release, `${id}.release`);
      }
      for (const [k, v] of Object.entries(expected.summary ?? {})) assert.equal((report.summary as Record<string, number>)[k], v, `summary.${k}`);
    });
  }
});
