/**
 * `action.yml`, the composite GitHub Action: it parses, its expressions name
 * declared inputs and steps, it runs the npm package at its `version` input,
 * and its steps — run here with bash the way the runner would, inputs in the
 * environment, the version pointing at the tarball `npm run pack:npm` wrote and
 * npm kept offline — write the reports they promise and exit as the CLI does.
 */
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseDocument } from 'yaml';
import { packNpm, ROOT } from '../npm/tarball';

const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };

interface Step {
  name: string;
  id?: string;
  if?: string;
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
    // The GitHub contexts the steps may read, and the status function the diff step's condition uses.
    const contexts = new Set(['github.action_path', 'github.event_name', 'github.event.pull_request.base.sha']);
    for (const m of all.matchAll(EXPR)) {
      const expr = m[1].replace(/'[^']*'/g, "''");
      for (const [name] of expr.matchAll(/[A-Za-z_][\w.-]*(?:\(\))?/g)) {
        if (name.startsWith('inputs.')) used.add(name.slice('inputs.'.length));
        else if (name.startsWith('steps.')) assert.ok(ids.has(name.split('.')[1]), name);
        else assert.ok(contexts.has(name) || name === 'cancelled()', `unexpected expression ${m[1]}`);
      }
    }
    assert.deepEqual([...used].sort(), Object.keys(action.inputs).sort(), 'every input used, and only declared ones');
    for (const step of action.runs.steps) {
      assert.equal(step.shell, 'bash', step.name);
      // Inputs reach scripts through the environment, never spliced into the script.
      assert.doesNotMatch(step.run ?? '', /\$\{\{/, step.name);
    }
    for (const [name, o] of Object.entries(action.outputs)) assert.match(o.value, /^\$\{\{ steps\.(check|diff)\.outputs\.[\w-]+ \}\}$/, name);
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
    // As on a push: the pull-request step's condition is false.
    for (const step of action.runs.steps.filter((s) => !s.if?.includes("github.event_name == 'pull_request'"))) {
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

  describe('the diff step', () => {
    const step = action.runs.steps.find((s) => s.id === 'diff')!;
    const git = (cwd: string, ...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', '-c', 'init.defaultBranch=main', ...args], {
        cwd,
        encoding: 'utf8',
        env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' },
      });

    /** Runs the step in `cwd` as the runner would on a pull request whose base is `base`. */
    function runDiffStep(cwd: string, base: string) {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reqtrace-action-diff-'));
      const files = { output: path.join(dir, 'output'), summary: path.join(dir, 'summary.md') };
      const values: Record<string, string> = { 'inputs.path': '.', 'inputs.version': `file:${packNpm().tarball}`, 'github.event.pull_request.base.sha': base };
      const env: Record<string, string> = {};
      for (const [k, v] of Object.entries(step.env ?? {})) env[k] = v.replace(EXPR, (_, expr: string) => values[expr]);
      const baseEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('GITHUB_')));
      const r = spawnSync('bash', ['-e', '-c', step.run!], {
        cwd,
        encoding: 'utf8',
        env: {
          ...baseEnv,
          ...env,
          // The packed tarball, offline, with an npm cache of this run's own (see runSteps).
          npm_config_cache: path.join(dir, 'npm-cache'),
          npm_config_offline: 'true',
          npm_config_update_notifier: 'false',
          GIT_CONFIG_GLOBAL: '/dev/null',
          GIT_CONFIG_NOSYSTEM: '1',
          RUNNER_TEMP: dir,
          GITHUB_ACTION_PATH: ROOT,
          GITHUB_OUTPUT: files.output,
          GITHUB_STEP_SUMMARY: files.summary,
        },
      });
      // `name<<delimiter`, the lines, the delimiter.
      const output = fs.existsSync(files.output) ? fs.readFileSync(files.output, 'utf8') : '';
      const m = /^markdown<<(\S+)\n([\s\S]*?)\n\1\n$/.exec(output);
      return { ...r, markdown: m?.[2], summary: fs.existsSync(files.summary) ? fs.readFileSync(files.summary, 'utf8') : '', leftovers: fs.readdirSync(dir).filter((f) => !['output', 'summary.md', 'npm-cache'].includes(f)) };
    }

    it('runs only on pull requests, after the check, unless turned off', () => {
      assert.equal(action.inputs.diff.default, 'true');
      assert.match(step.if!, /github\.event_name == 'pull_request'/);
      assert.match(step.if!, /inputs\.diff == 'true'/);
      assert.match(step.if!, /!cancelled\(\) && steps\.check\.outcome != 'skipped'/);
      assert.ok(action.runs.steps.indexOf(step) > action.runs.steps.findIndex((s) => s.id === 'check'));
      assert.equal(action.outputs['diff-markdown'].value, '${{ steps.diff.outputs.markdown }}');
    });

    it('writes the Markdown of diff against the base to the job summary and the diff-markdown output, fetching the base into a shallow clone', function () {
      this.timeout(60000);
      const origin = fs.mkdtempSync(path.join(os.tmpdir(), 'reqtrace-action-origin-'));
      fs.cpSync(path.join(ROOT, 'test-fixtures/demo'), origin, { recursive: true });
      git(origin, 'init', '-q');
      git(origin, 'add', '-A');
      git(origin, 'commit', '-q', '-m', 'base');
      const base = git(origin, 'rev-parse', 'HEAD').trim();
      fs.appendFileSync(path.join(origin, 'src/auth/login.ts'), '\n// @impl AUTH-404\n');
      git(origin, 'commit', '-q', '-am', 'pull request');
      const clone = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'reqtrace-action-clone-')), 'clone');
      git(path.dirname(clone), 'clone', '-q', '--depth', '1', `file://${origin}`, clone);
      const r = runDiffStep(clone, base);
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.summary, /^## reqtrace diff: coverage 50% → 50%, 1 new problem, 0 fixed$/m);
      assert.equal(r.markdown + '\n', r.summary);
      assert.match(r.markdown!, /unknown requirement AUTH-404/);
      assert.deepEqual(r.leftovers, [], 'the Markdown file is removed');
    });
  });
});
