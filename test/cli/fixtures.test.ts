/**
 * Runs the built CLI on every `test-fixtures/<case>/` that has an
 * `expected.json`, and compares the few fields that matter: exit code, the
 * exact diagnostic list, and per-requirement coverage where given; and that
 * the JSON's bytes are what `JSON.stringify(report, null, 2)` gives.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'server/dist/cli.js');
const FIXTURES = path.join(ROOT, 'test-fixtures');

interface Expected {
  /** Extra CLI arguments after `check --format json`. */
  args?: string[];
  /** Files and folders of the case given as PATHs (default: the case's folder, the whole workspace). */
  paths?: string[];
  exitCode?: number;
  /** `file:line:col code` (1-based), exact and in order. */
  diagnostics: string[];
  requirements?: Record<string, { covered?: boolean; impl?: number; test?: number; status?: string | null; oftStatus?: string; release?: string | null }>;
  summary?: Record<string, number>;
}

/**
 * Runs the built CLI. The GitHub Actions variables of the machine running the
 * tests are dropped (they change the default format); `env` adds variables.
 */
export function runCli(args: string[], cwd = ROOT, env: Record<string, string> = {}) {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('GITHUB_')));
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...base, ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * The JSON text a report must be, byte for byte: what one `JSON.stringify`
 * indented by 2 and a newline gave before the report was streamed in pieces.
 */
export function canonical(text: string): string {
  return JSON.stringify(JSON.parse(text), null, 2) + '\n';
}

describe('CLI on test-fixtures', () => {
  before(() => assert.ok(fs.existsSync(CLI), 'server/dist/cli.js is missing: run npm run build'));

  const cases = fs
    .readdirSync(FIXTURES)
    .filter((d) => fs.existsSync(path.join(FIXTURES, d, 'expected.json')))
    .sort();

  for (const name of cases) {
    it(name, () => {
      const expected = JSON.parse(fs.readFileSync(path.join(FIXTURES, name, 'expected.json'), 'utf8')) as Expected;
      const paths = (expected.paths ?? ['']).map((p) => path.join('test-fixtures', name, p));
      const r = runCli(['check', ...paths, '--format', 'json', ...(expected.args ?? [])]);
      assert.equal(r.stderr.includes('internal error'), false, r.stderr);
      const report = JSON.parse(r.stdout);
      assert.equal(r.stdout, canonical(r.stdout), 'the streamed report is the canonical JSON');
      const got = report.diagnostics.map((d: { file: string; line: number; column: number; code: string }) => `${d.file}:${d.line}:${d.column} ${d.code}`);
      assert.deepEqual(got, expected.diagnostics);
      if (expected.exitCode !== undefined) assert.equal(r.code, expected.exitCode, r.stderr);
      for (const [id, want] of Object.entries(expected.requirements ?? {})) {
        const req = report.requirements.find((x: { id: string }) => x.id === id);
        assert.ok(req, `requirement ${id} not in report`);
        if (want.covered !== undefined) assert.equal(req.covered, want.covered, `${id}.covered`);
        if (want.impl !== undefined) assert.equal(req.references.impl, want.impl, `${id} impl count`);
        if (want.test !== undefined) assert.equal(req.references.test, want.test, `${id} test count`);
        if (want.status !== undefined) assert.equal(req.status, want.status, `${id}.status`);
        if (want.oftStatus !== undefined) assert.equal(req.oftStatus, want.oftStatus, `${id}.oftStatus`);
        if (want.release !== undefined) assert.equal(req.release, want.release, `${id}.release`);
      }
      for (const [k, v] of Object.entries(expected.summary ?? {})) assert.equal(report.summary[k], v, `summary.${k}`);
    });
  }
});
