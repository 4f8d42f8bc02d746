/**
 * `action.yml`, the composite GitHub Action: it parses, its expressions name
 * declared inputs and steps, it runs the npm package at its `version` input,
 * and its steps — run here with bash the way the runner would, inputs in the
 * environment, the version pointing at the tarball `npm run pack:npm` wrote and
 * npm kept offline — write the reports they promise and exit as the CLI does.
 */
import * as assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseDocument } from 'yaml';
import { packNpm, ROOT } from '../npm/tarball';

const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };

interface Step {
  name: string;
  id?: string;
  shell?: string;
  run?: string;
  env?: Record<string, string>;
  'working-directory'?: string;
}
interface Action {
  name: string;
  description: string;
  inputs: Record<string, { description: string; default?: string; required?: boolean }>;
  outputs: Record<string, { description: string; value: string }>;
  runs: { using: string; steps: Step[] };
}

function loadAction(): Action {
  const doc = parseDocument(fs.readFileSync(path.join(ROOT, 'action.yml'), 'utf8'));
  assert.deepEqual(doc.errors, []);
  return doc.toJS() as Action;
}

const EXPR = /\$\{\{\s*([^}]*?)\s*\}\}/g;

describe('action.yml', () => {
  const action = loadAction();

  it('is a composite action whose expressions name declared inputs and steps', () => {
    assert.equal(action.runs.using, 'composite');
    assert.ok(action.name && action.description);
    const used = new Set<string>();
    const ids = new Set(action.runs.steps.map((s) => s.id).filter(Boolean));
    const all = JSON.stringify(action);
    for (const m of all.matchAll(EXPR)) {
      const expr = m[1];
      if (expr.startsWith('inputs.')) used.add(expr.slice('inputs.'.length));
      else if (expr.startsWith('steps.')) assert.ok(ids.has(expr.split('.')[1]), expr);
      else assert.fail(`unexpected expression ${expr}`);
    }
    assert.deepEqual([...used].sort(), Object.keys(action.inputs).sort(), 'every input used, and only declared ones');
    for (const step of action.runs.steps) {
      assert.equal(step.shell, 'bash', step.name);
      // Inputs reach scripts through the environment, never spliced into the script.
      assert.doesNotMatch(step.run ?? '', /\$\{\{/, step.name);
    }
    for (const [name, o] of Object.entries(action.outputs)) assert.match(o.value, /^\$\{\{ steps\.check\.outputs\.[\w-]+ \}\}$/, name);
  });

  it('runs the npm package at the version input, by default the version of this release', () => {
    assert.equal(action.inputs.version.default, pkg.version, 'the default version must be bumped with package.json');
    const [fetch, check] = action.runs.steps;
    assert.equal(check.id, 'check');
    for (const step of [fetch, check]) {
      assert.equal(step.env?.REQTRACE_VERSION, '${{ inputs.version }}', step.name);
      assert.match(step.run!, /npx --yes "reqtrace@\$REQTRACE_VERSION" /, step.name);
    }
    // Nothing is built from the action's checkout any more.
    assert.doesNotMatch(JSON.stringify(action), /esbuild|npm ci|server\/dist|action_path|ACTION_PATH/);
  });

  /**
   * Runs the steps in order as the runner would, with these inputs over the defaults, until one
   * fails. The version is the packed tarball, and npm runs offline with an empty cache of its own
   * (npx keeps what it installed there: a cache shared between runs could hold an older tarball).
   */
  function runSteps(inputs: Record<string, string>) {
    const values: Record<string, string> = {
      ...Object.fromEntries(Object.entries(action.inputs).map(([k, v]) => [k, v.default ?? ''])),
      version: `file:${packNpm().tarball}`,
      ...inputs,
    };
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reqtrace-action-'));
    const files = { output: path.join(dir, 'output'), summary: path.join(dir, 'summary.md') };
    const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('GITHUB_') && !k.toLowerCase().startsWith('npm_config_')));
    const npm = { npm_config_cache: path.join(dir, 'npm-cache'), npm_config_offline: 'true', npm_config_update_notifier: 'false' };
    const runner = { GITHUB_ACTIONS: 'true', GITHUB_OUTPUT: files.output, GITHUB_STEP_SUMMARY: files.summary };
    let r!: SpawnSyncReturns<string>;
    const steps: Array<{ name: string; stdout: string }> = [];
    for (const step of action.runs.steps) {
      const env: Record<string, string> = {};
      for (const [k, v] of Object.entries(step.env ?? {})) env[k] = v.replace(EXPR, (_, expr: string) => values[expr.slice('inputs.'.length)]);
      r = spawnSync('bash', ['-e', '-c', step.run!], { cwd: ROOT, encoding: 'utf8', env: { ...base, ...npm, ...env, ...runner } });
      steps.push({ name: step.name, stdout: r.stdout });
      if (r.status !== 0) break;
    }
    const written = fs.existsSync(files.output) ? fs.readFileSync(files.output, 'utf8').trim() : '';
    const outputs = Object.fromEntries(written.split('\n').filter(Boolean).map((l) => l.split(/=(.*)/s).slice(0, 2)));
    const summary = fs.existsSync(files.summary) ? fs.readFileSync(files.summary, 'utf8') : '';
    fs.rmSync(dir, { recursive: true, force: true });
    return { ...r, steps, outputs, summary };
  }

  it('fails in its first step, with no outputs, when npm cannot fetch the version', function () {
    this.timeout(60000);
    const r = runSteps({ path: 'test-fixtures/demo', version: `file:${path.join(os.tmpdir(), 'no-such-dir', 'reqtrace-9.9.9.tgz')}` });
    assert.notEqual(r.status, 0);
    assert.deepEqual(r.steps.map((s) => s.name), ['Fetch reqtrace']);
    assert.deepEqual(r.outputs, {});
    assert.match(r.stderr, /ENOENT|no such file/i);
  });

  it('the first step prints the version it fetched', function () {
    this.timeout(60000);
    const r = runSteps({ path: 'test-fixtures/demo', 'fail-on': 'never' });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(r.steps.map((s) => s.name), ['Fetch reqtrace', 'reqtrace check']);
    assert.equal(r.steps[0].stdout.trim(), pkg.version);
  });

  it('annotates, summarises and writes SARIF and JUnit, failing on errors', function () {
    this.timeout(60000);
    const sarif = path.join(os.tmpdir(), `reqtrace-action-${process.pid}.sarif`);
    const r = runSteps({ path: 'test-fixtures/demo', sarif, junit: 'artifacts/reports/action-junit.xml' });
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stdout, /^::error file=src\/auth\/login\.ts,line=22,col=46,/m);
    assert.match(r.summary, /^## reqtrace: 50% of requirements covered$/m);
    assert.equal(JSON.parse(fs.readFileSync(sarif, 'utf8')).runs[0].results.length, 7);
    assert.match(fs.readFileSync(path.join(ROOT, 'artifacts/reports/action-junit.xml'), 'utf8'), /<testsuites name="reqtrace" tests="10" failures="5"/);
    assert.deepEqual(r.outputs, { sarif, junit: 'artifacts/reports/action-junit.xml', html: '', 'exit-code': '1' });
  });

  it('passes fail-on, min-coverage and extra args through', function () {
    this.timeout(60000);
    const ok = runSteps({ path: 'test-fixtures/demo', 'fail-on': 'never', args: '--min-coverage 40' });
    assert.equal(ok.status, 0, ok.stderr);
    assert.equal(ok.outputs['exit-code'], '0');
    const low = runSteps({ path: 'test-fixtures/demo', 'fail-on': 'never', 'min-coverage': '90' });
    assert.equal(low.status, 1);
    assert.match(low.stderr, /coverage 50% is below --min-coverage 90%/);
  });
});
