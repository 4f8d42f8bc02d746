// Starts and stops a private code-server (VS Code 1.100 in the browser) for one
// end-to-end test run. Everything it touches lives in fresh temp folders, so a
// run never sees the developer's own settings, extensions or last-opened folder.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

/** Options for {@link startCodeServer}. */
export interface CodeServerOptions {
  /** Absolute path of the folder to open. */
  workspace: string;
  /** A packaged extension to install before the server starts. */
  vsix?: string;
  /** User settings merged over {@link DEFAULT_TEST_SETTINGS}. */
  settings?: Record<string, unknown>;
  /** How long to wait for the server to answer HTTP; default 60 s. */
  startTimeoutMs?: number;
}

/** A running code-server. */
export interface CodeServer {
  /** Base URL, `http://127.0.0.1:PORT`. */
  url: string;
  /** The URL that opens {@link CodeServerOptions.workspace} in the workbench. */
  folderUrl: string;
  port: number;
  userDataDir: string;
  extensionsDir: string;
  workspace: string;
  /** Kills the server's whole process group and removes the temp folders. */
  stop(): Promise<void>;
  /** What the server process printed so far (stdout and stderr interleaved). */
  logs(): string;
  /**
   * The VS Code log files under the user-data dir (extension host, output
   * channels such as an extension's log channel), path relative to `logs/` → text.
   */
  logFiles(): Record<string, string>;
}

/**
 * Settings every test run gets: no trust prompt, no welcome page, nothing that
 * reaches the network or pops up over the editor, and fast hovers.
 */
export const DEFAULT_TEST_SETTINGS: Readonly<Record<string, unknown>> = {
  'security.workspace.trust.enabled': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'git.enabled': false,
  'editor.hover.delay': 100,
  'editor.minimap.enabled': false,
  // workbench.ts reads the active editor's absolute path from document.title.
  'window.title': '${activeEditorLong}',
  // Go to Definition with several targets jumps to the first instead of
  // opening a peek view, so the resulting file and line can be read.
  'editor.gotoLocation.multipleDefinitions': 'goto',
  // Typed test input must land in the file exactly as typed.
  'editor.autoClosingBrackets': 'never',
  'editor.autoClosingQuotes': 'never',
  'editor.autoIndent': 'none',
  'editor.formatOnType': false,
  'editor.acceptSuggestionOnEnter': 'off',
  'editor.quickSuggestions': { other: false, comments: false, strings: false },
  'editor.suggestOnTriggerCharacters': false,
  'files.autoSave': 'off',
  'chat.commandCenter.enabled': false,
};

const INSTALL_HINT = 'Run `bash scripts/install-code-server.sh` (installs code-server 4.100.3 without GitHub downloads).';

/** The folder code-server was installed into by scripts/install-code-server.sh. */
export function e2eToolsDir(): string {
  return process.env.REQTRACE_E2E_TOOLS ?? path.join(os.homedir(), '.cache', 'reqtrace-e2e');
}

/** Path of code-server's `entry.js`; throws with install instructions when it is missing. */
export function codeServerEntry(): string {
  const entry = path.join(e2eToolsDir(), 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  if (!fs.existsSync(entry)) {
    throw new Error(`code-server is not installed: ${entry} does not exist.\n${INSTALL_HINT}`);
  }
  return entry;
}

/** Starts a code-server on a free port, after installing `options.vsix` if given. */
export async function startCodeServer(options: CodeServerOptions): Promise<CodeServer> {
  const entry = codeServerEntry();
  const workspace = path.resolve(options.workspace);
  if (!fs.statSync(workspace, { throwIfNoEntry: false })?.isDirectory()) {
    throw new Error(`workspace folder does not exist: ${workspace}`);
  }
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'reqtrace-e2e-cs-'));
  const userDataDir = path.join(root, 'user-data');
  const extensionsDir = path.join(root, 'extensions');
  const configFile = path.join(root, 'config.yaml');
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  fs.writeFileSync(
    path.join(userDataDir, 'User', 'settings.json'),
    JSON.stringify({ ...DEFAULT_TEST_SETTINGS, ...options.settings }, null, 2),
  );
  // An empty config file of our own, so ~/.config/code-server/config.yaml
  // (which may ask for a password) is never read.
  fs.writeFileSync(configFile, '');
  const baseArgs = [entry, '--config', configFile, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];
  const env = childEnv(root);
  try {
    if (options.vsix) await installExtension(baseArgs, env, path.resolve(options.vsix));
  } catch (err) {
    fs.rmSync(root, { recursive: true, force: true });
    throw err;
  }

  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const args = [
    ...baseArgs,
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    workspace,
  ];
  // detached: the server gets its own process group, so stop() can kill it
  // together with the extension host and any language server it started.
  const child = spawn(process.execPath, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const killOnExit = () => killGroup(child, 'SIGKILL');
  process.once('exit', killOnExit);

  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    process.removeListener('exit', killOnExit);
    if (child.exitCode === null && child.signalCode === null) {
      killGroup(child, 'SIGTERM');
      const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
      // The extension host or a language server may outlive the server itself.
      killGroup(child, 'SIGKILL');
    }
    if (!process.env.REQTRACE_E2E_KEEP) fs.rmSync(root, { recursive: true, force: true });
  };

  try {
    await waitForHttp(`${url}/healthz`, options.startTimeoutMs ?? 60_000, child, () => output);
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    url,
    folderUrl: `${url}/?folder=${encodeURIComponent(workspace)}`,
    port,
    userDataDir,
    extensionsDir,
    workspace,
    stop,
    logs: () => output,
    logFiles: () => readLogFiles(path.join(userDataDir, 'logs')),
  };
}

/**
 * The server's environment: VSCODE_* variables are dropped, because when the
 * tests run inside a VS Code terminal, VSCODE_IPC_HOOK_CLI makes code-server
 * hand the folder to that editor instead of serving it. XDG dirs and TMPDIR
 * point into the temp root so code-server's own state (coder.json,
 * last-opened) and sockets stay private and are deleted by stop().
 */
function childEnv(root: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('VSCODE_')) env[key] = value;
  }
  env.XDG_DATA_HOME = path.join(root, 'xdg-data');
  env.XDG_CONFIG_HOME = path.join(root, 'xdg-config');
  // The extension host creates a vscode-ipc-*.sock in the temp dir and never
  // removes it when killed; keep those inside the root that stop() deletes.
  env.TMPDIR = path.join(root, 'tmp');
  fs.mkdirSync(env.TMPDIR, { recursive: true });
  delete env.PASSWORD;
  delete env.HASHED_PASSWORD;
  delete env.PORT;
  return env;
}

async function installExtension(baseArgs: string[], env: NodeJS.ProcessEnv, vsix: string): Promise<void> {
  if (!fs.existsSync(vsix)) throw new Error(`vsix to install does not exist: ${vsix}`);
  const args = [...baseArgs, '--force', '--install-extension', vsix];
  const { code, output } = await new Promise<{ code: number | null; output: string }>((resolve) => {
    execFile(process.execPath, args, { env, timeout: 120_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
      resolve({ code, output: `${stdout}${stderr}` });
    });
  });
  // code-server can exit 0 although the install failed (e.g. engines.vscode
  // too new), so the success line is what counts.
  if (code !== 0 || !/successfully installed/i.test(output)) {
    throw new Error(`installing ${vsix} into code-server failed (exit code ${code}):\n${output}`);
  }
}

/** Asks the OS for a free port by listening on port 0. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('could not find a free port'))));
    });
  });
}

/** Polls `url` until it answers 200; fails early if the server process exits. */
async function waitForHttp(url: string, timeoutMs: number, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`code-server exited (code ${child.exitCode}, signal ${child.signalCode}) before answering ${url}:\n${output()}`);
    }
    if ((await httpStatus(url)) === 200) return;
    if (Date.now() > deadline) {
      throw new Error(`code-server did not answer ${url} with 200 within ${timeoutMs} ms:\n${output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function httpStatus(url: string): Promise<number | undefined> {
  return new Promise((resolve) => {
    const req = http.get(url, { timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(undefined));
  });
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is already gone.
  }
}

function readLogFiles(dir: string): Record<string, string> {
  const result: Record<string, string> = {};
  if (!fs.existsSync(dir)) return result;
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.log')) continue;
    const full = path.join(entry.parentPath, entry.name);
    result[path.relative(dir, full)] = fs.readFileSync(full, 'utf8');
  }
  return result;
}

/** The .vsix that `npm run package` writes for the version in package.json (repo root). */
export function packagedVsix(): string {
  const root = path.resolve(__dirname, '..', '..');
  const { version } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };
  const vsix = path.join(root, `reqtrace-${version}.vsix`);
  if (!fs.existsSync(vsix)) {
    throw new Error(`${path.relative(root, vsix)} does not exist: run \`npm run package\` first (npm test does it before the e2e suites).`);
  }
  return vsix;
}
