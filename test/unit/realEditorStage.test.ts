/**
 * scripts/test-real-editor.sh, the real-editor stage of `npm test`, when a Debian package it
 * needs is missing (Chromium, pretended missing through REQTRACE_E2E_CHROMIUM): it installs it
 * with apt-get when it can, else skips with one line — or, as CI asks, fails. A stand-in
 * `apt-get` early on PATH records its calls and installs nothing, so the stage always ends at
 * that check and never starts the (minutes long) editor tests.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const SCRIPT = path.join(ROOT, 'scripts', 'test-real-editor.sh');

describe('npm test: the real-editor stage without its Debian packages', () => {
  let dir: string;
  let aptLog: string;
  let fakeBin: string;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reqtrace-editor-stage-'));
    fakeBin = path.join(dir, 'bin');
    aptLog = path.join(dir, 'apt-get.log');
    fs.mkdirSync(fakeBin);
    fs.writeFileSync(path.join(fakeBin, 'apt-get'), `#!/bin/sh\necho "$*" >> '${aptLog}'\n`, { mode: 0o755 });
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  afterEach(() => fs.rmSync(aptLog, { force: true }));

  /** Runs the stage with Chromium missing; a stage that went on to the editor tests times out. */
  function runStage(env: Record<string, string>) {
    const r = spawnSync('bash', [SCRIPT], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 15000,
      env: {
        ...process.env,
        PATH: `${fakeBin}${path.delimiter}${process.env.PATH}`,
        REQTRACE_E2E_CHROMIUM: path.join(dir, 'no-chromium-here'),
        REQTRACE_E2E_REQUIRED: '',
        ...env,
      },
    });
    assert.equal(r.signal, null, `the stage did not stop at the missing package:\n${r.stdout}\n${r.stderr}`);
    const apt = fs.existsSync(aptLog) ? fs.readFileSync(aptLog, 'utf8').trim().split('\n') : [];
    return { ...r, apt };
  }

  it('skips with one line, and passes, when it may not install packages', () => {
    const r = runStage({ REQTRACE_E2E_APT: '0' });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stderr, '');
    assert.match(r.stdout, /^Skipping the real-editor tests \(e2e and extension host\): missing Debian packages chromium; .*apt-get install -y chromium\n$/);
    assert.deepEqual(r.apt, [], 'apt-get ran although REQTRACE_E2E_APT=0');
  });

  it('as root, installs the missing package with apt-get, then skips when it is still missing', function () {
    if (process.getuid?.() !== 0) this.skip();
    const r = runStage({ REQTRACE_E2E_APT: '' });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(r.apt, ['update -q', 'install -y -q --no-install-recommends chromium']);
    const lines = r.stdout.trimEnd().split('\n');
    assert.equal(lines[0], 'Installing Debian packages for the real-editor tests with apt-get: chromium');
    assert.match(lines[lines.length - 1], /^Skipping the real-editor tests .*missing Debian packages chromium;/);
  });

  it('fails instead when CI requires the editor tests', () => {
    const r = runStage({ REQTRACE_E2E_APT: '0', REQTRACE_E2E_REQUIRED: '1' });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /^The real-editor tests cannot run: missing Debian packages chromium/);
    assert.doesNotMatch(r.stdout, /Skipping/);
  });
});
