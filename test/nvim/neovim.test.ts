/**
 * The server in a real Neovim: Debian's 0.7, headless, with the README's
 * configuration (vim.lsp.start_client), on a copy of test-fixtures/demo.
 * One Neovim session (test/nvim/probe.lua) attaches, reads the first
 * diagnostics pushed for the file it opened at start, hovers, goes to a
 * definition, runs a spec's code lens, edits without saving, and writes a
 * test file from outside; each step's result is asserted here. Neovim 0.7 answers no
 * workspace/configuration, registers no file watchers and ignores custom
 * notifications: it is the client issue #16 was found with.
 */
import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { copyFixture, expectedOf, formatDiagnostic, type WorkspaceFolderCopy } from '../lsp/fixtures';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const SERVER_JS = path.join(REPO_ROOT, 'server', 'dist', 'server.js');
/** One wait inside Neovim; the whole session is given a few times that. */
const WAIT_MS = 10_000;
const SESSION_MS = 60_000;

interface Published {
  code: string;
  message: string;
  line: number;
  character: number;
}

interface ProbeResult {
  steps: {
    attach?: { attached: boolean; clients: Array<{ name: string; hover: boolean; definition: boolean }> };
    firstDiagnostics?: Published[] | null;
    hover?: string | null;
    definition?: { uri: string; line: number } | null;
    lens?: { title: string | null; references: string[] };
    unsavedEdit?: { seen: boolean; messages: string[]; modified: boolean };
    fileWritten?: { watching: boolean; uncoveredBefore: boolean; pickedUp: boolean };
  };
  errors: string[];
  logs: string[];
}

function nvimVersion(): string | undefined {
  const r = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.split('\n')[0] : undefined;
}

/** Runs the probe in a headless Neovim on `folder`; resolves with what it wrote. */
function runProbe(folder: WorkspaceFolderCopy): Promise<ProbeResult> {
  const work = path.dirname(folder.root);
  const results = path.join(work, 'results.json');
  const settings = { cmd: [process.execPath, SERVER_JS, '--stdio'], root: folder.root, results, wait_ms: WAIT_MS };
  const init = path.join(work, 'init.lua');
  fs.writeFileSync(
    init,
    `_G.reqtrace_test = vim.fn.json_decode(${luaString(JSON.stringify(settings))})\ndofile(${luaString(path.join(__dirname, 'init.lua'))})\n`,
  );
  // Its own XDG folders: no user config, state or LSP log of the machine is read or written.
  const xdg = Object.fromEntries(['CONFIG', 'DATA', 'STATE', 'CACHE'].map((k) => [`XDG_${k}_HOME`, path.join(work, 'xdg', k.toLowerCase())]));
  const args = ['--headless', '-i', 'NONE', '-u', init, '-c', `luafile ${path.join(__dirname, 'probe.lua')}`];
  return new Promise((resolve, reject) => {
    const nvim = spawn('nvim', args, { cwd: folder.root, env: { ...process.env, ...xdg }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    nvim.stdout.on('data', (d: Buffer) => (output += d.toString()));
    nvim.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => nvim.kill('SIGKILL'), SESSION_MS);
    nvim.on('error', reject);
    nvim.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (!fs.existsSync(results)) {
        reject(new Error(`nvim exited (code ${code}, signal ${signal}) without writing its results:\n${output}`));
        return;
      }
      resolve(JSON.parse(fs.readFileSync(results, 'utf8')) as ProbeResult);
    });
  });
}

/** A Lua long string holding `s` verbatim. */
function luaString(s: string): string {
  let eq = '';
  while (s.includes(`]${eq}]`)) eq += '=';
  return `[${eq}[${s}]${eq}]`;
}

describe('Neovim 0.7 (headless, vim.lsp.start_client) on the demo workspace', function () {
  this.timeout(SESSION_MS + 10_000);
  let folder: WorkspaceFolderCopy;
  let result: ProbeResult;
  const detail = () => `\nprobe errors: ${JSON.stringify(result.errors)}\nserver log: ${result.logs.join('\n')}`;

  before(async function () {
    const version = nvimVersion();
    if (!version) {
      console.log('      skipped: nvim is not installed (Debian: apt-get install neovim)');
      this.skip();
    }
    if (!fs.existsSync(SERVER_JS)) throw new Error('server/dist/server.js is missing: run npm run build first');
    folder = copyFixture('demo');
    result = await runProbe(folder);
  });
  after(() => {
    if (folder) fs.rmSync(path.dirname(folder.root), { recursive: true, force: true });
  });

  it('attaches the reqtrace client to the file it opens, with hover and definition', () => {
    assert.deepEqual(result.steps.attach, { attached: true, clients: [{ name: 'reqtrace', hover: true, definition: true }] }, detail());
  });

  it('publishes the right diagnostics first: no false "unknown requirement" at start', () => {
    const first = result.steps.firstDiagnostics;
    assert.ok(Array.isArray(first), `no diagnostics were published for src/auth/login.ts${detail()}`);
    const lines = first.map((d) => formatDiagnostic('src/auth/login.ts', { range: { start: d, end: d }, code: d.code, message: d.message }));
    assert.deepEqual(
      lines,
      expectedOf('demo').diagnostics.filter((l) => l.startsWith('src/auth/login.ts:')),
      `first set: ${first.map((d) => d.message).join('; ')}`,
    );
  });

  it('hovers a reference: the requirement, its title and coverage', () => {
    const hover = result.steps.hover;
    assert.equal(typeof hover, 'string', `no hover${detail()}`);
    assert.match(hover!, /AUTH-001/);
    assert.match(hover!, /Users can log in with email and password/);
    assert.match(hover!, /impl/);
  });

  it('goes from a reference to its definition in the spec', () => {
    assert.deepEqual(result.steps.definition, { uri: `${folder.uri}/docs/requirements.md`, line: 21 }, detail());
  });

  it("runs a spec's code lens: the README's command lists the requirement's references in the quickfix list", () => {
    assert.deepEqual(
      result.steps.lens,
      { title: '2 impl · 1 test', references: ['src/auth/login.ts:9', 'tests/login.test.ts:3', 'web/index.html:3'] },
      detail(),
    );
  });

  it('checks an unsaved edit: the new unknown ID is reported, the deprecated one is gone', () => {
    const edit = result.steps.unsavedEdit;
    assert.ok(edit?.seen, `no diagnostic for AUTH-099 after the edit: ${JSON.stringify(edit)}${detail()}`);
    assert.equal(edit.modified, true);
    assert.ok(edit.messages.some((m) => /unknown requirement AUTH-099/.test(m)), edit.messages.join('; '));
    assert.ok(!edit.messages.some((m) => /AUTH-005/.test(m)), edit.messages.join('; '));
    assert.match(fs.readFileSync(path.join(folder.root, 'src/auth/login.ts'), 'utf8'), /Implements: AUTH-005/, 'the edit reached the disk');
  });

  it('picks up a test file written to disk: AUTH-002 goes from uncovered to covered', () => {
    assert.deepEqual(result.steps.fileWritten, { watching: true, uncoveredBefore: true, pickedUp: true }, detail());
  });

  it('ran every step without a Lua error', () => {
    assert.deepEqual(result.errors, []);
  });
});

describe("Neovim 0.7: the README's configuration is the one the test runs", () => {
  it('test/nvim/init.lua holds the README\'s Lua block, but for the command that starts the server', () => {
    const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
    const block = /### Neovim 0\.7[^\n]*\n+```lua\n([\s\S]*?)```/.exec(readme)?.[1];
    assert.ok(block, 'no Neovim 0.7 Lua block in the README');
    const fromReadme = block.slice(block.indexOf('local reqtrace_clients'));
    const init = fs.readFileSync(path.join(__dirname, 'init.lua'), 'utf8');
    const fromTest = init.slice(init.indexOf('local reqtrace_clients')).replace('cmd = t.cmd,', "cmd = { 'reqtrace-language-server', '--stdio' },");
    assert.equal(fromTest, fromReadme);
  });
});
