// Runs test/electron/suite (mocha) inside a real VS Code extension host, on a fresh copy of
// test-fixtures/demo. Which VS Code runs it:
//   REQTRACE_VSCODE_EXECUTABLE=/path/to/code    a local VS Code (the Electron binary itself:
//                                              .../Contents/MacOS/Electron, /usr/share/code/code,
//                                              Code.exe; not the `code` CLI launcher script)
//   REQTRACE_ALLOW_VSCODE_DOWNLOAD=1             @vscode/test-electron downloads VS Code 1.100.3
//                                              into .vscode-test/ (needs network; CI)
//   REQTRACE_VSCODE_HOST=code-server             the Node extension host of the code-server that
//                                              `npm run e2e:install` installs, driven by Chromium
// With none of them the run is skipped (exit 0), after bundling the suite so that it at least
// compiles. On Linux without a display, run it under `xvfb-run -a`.
// REQTRACE_EXTENSION_TESTS_GREP=<text> runs only the tests whose title contains <text>.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const ROOT = path.resolve(fileURLToPath(new URL('../..', import.meta.url)));
const SUITE_DIR = path.join(ROOT, 'test', 'electron', 'suite');
const OUT_DIR = path.join(ROOT, 'out', 'electron');
const TESTS_INDEX = path.join(OUT_DIR, 'index.js');
const FIXTURE = path.join(ROOT, 'test-fixtures', 'demo');
/** engines.vscode is ^1.100.0; 1.100.3 is also the code-server the e2e tests use. */
const VSCODE_VERSION = '1.100.3';
/**
 * Built-in extensions that answer the same provider commands on the same files (TypeScript,
 * Markdown); the tests are about reqtrace's answers, and tsserver would only slow the start.
 */
const DISABLED_BUILTINS = ['vscode.typescript-language-features', 'vscode.markdown-language-features'];
/** User settings for the throwaway profile: nothing that prompts, updates or phones home. */
const USER_SETTINGS = {
  'security.workspace.trust.enabled': false,
  'workbench.startupEditor': 'none',
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'git.enabled': false,
};

const HOW_TO_RUN = [
  'To run it, set one of:',
  '  REQTRACE_VSCODE_EXECUTABLE=/path/to/VS Code executable   (a local VS Code desktop)',
  '  REQTRACE_ALLOW_VSCODE_DOWNLOAD=1                         (downloads VS Code 1.100.3; needs network)',
  '  REQTRACE_VSCODE_HOST=code-server                         (code-server from `npm run e2e:install` + Chromium)',
].join('\n');

/** Which VS Code runs the suite, from the environment. */
function chooseHost() {
  const executable = process.env.REQTRACE_VSCODE_EXECUTABLE;
  if (executable) {
    if (!fs.existsSync(executable)) throw new Error(`REQTRACE_VSCODE_EXECUTABLE does not exist: ${executable}`);
    return { kind: 'executable', executable: path.resolve(executable) };
  }
  if (process.env.REQTRACE_ALLOW_VSCODE_DOWNLOAD === '1') return { kind: 'download' };
  if (process.env.REQTRACE_VSCODE_HOST === 'code-server') return { kind: 'code-server' };
  const why =
    process.env.CI === 'true'
      ? 'CI=true, and this CI job has no VS Code desktop and may not download one'
      : 'no VS Code desktop is configured, and downloading one is not allowed by default';
  return { kind: 'skip', why };
}

/** Bundles the suite: one file per entry, so index.js can find the *.test.js files next to it. */
async function bundleSuite() {
  fs.rmSync(OUT_DIR, { recursive: true, force: true });
  const entries = fs.readdirSync(SUITE_DIR).filter((f) => f === 'index.ts' || f.endsWith('.test.ts'));
  await esbuild.build({
    entryPoints: entries.map((f) => path.join(SUITE_DIR, f)),
    outdir: OUT_DIR,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: 'inline',
    // vscode is the extension host's; mocha resolves from the repository's node_modules.
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
}

/** Builds the extension's bundles (what package.json `main` and the client load). */
function buildExtension() {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'esbuild.mjs')], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`building the extension failed (node esbuild.mjs exited with ${r.status ?? r.signal})`);
}

/** A throwaway folder with a copy of the demo workspace and an empty VS Code profile. */
function prepareTemp() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-electron-'));
  const workspace = path.join(root, 'demo');
  fs.cpSync(FIXTURE, workspace, { recursive: true });
  const userData = path.join(root, 'user-data');
  fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
  fs.writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify(USER_SETTINGS, null, 2));
  return { root, workspace, userData, extensions: path.join(root, 'extensions') };
}

/** Runs the suite in VS Code desktop (local or downloaded); resolves with the exit code. */
async function runInElectron(host, temp) {
  const { runTests } = await import('@vscode/test-electron');
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    console.warn('No display: VS Code will probably fail to start. Run under `xvfb-run -a npm run test:electron`.');
  }
  try {
    return await runTests({
      ...(host.kind === 'executable' ? { vscodeExecutablePath: host.executable } : { version: VSCODE_VERSION }),
      extensionDevelopmentPath: ROOT,
      extensionTestsPath: TESTS_INDEX,
      launchArgs: [
        temp.workspace,
        '--disable-workspace-trust',
        '--skip-welcome',
        '--skip-release-notes',
        ...DISABLED_BUILTINS.flatMap((id) => ['--disable-extension', id]),
        `--user-data-dir=${temp.userData}`,
        `--extensions-dir=${temp.extensions}`,
      ],
    });
  } catch (err) {
    // runTests rejects with a TestRunFailedError carrying VS Code's exit code (a test failed).
    console.error(err instanceof Error ? err.message : err);
    return typeof err?.code === 'number' && err.code !== 0 ? err.code : 1;
  }
}

async function runInCodeServer(temp) {
  const { tsImport } = await import('tsx/esm/api');
  const { runInCodeServer } = await tsImport('./codeServerHost.ts', import.meta.url);
  return runInCodeServer({ extensionDevelopmentPath: ROOT, extensionTestsPath: TESTS_INDEX, workspace: temp.workspace });
}

async function main() {
  const host = chooseHost();
  await bundleSuite();
  if (host.kind === 'skip') {
    console.log(`Skipping the VS Code extension-host tests: ${host.why}.\nThe suite was bundled to ${path.relative(ROOT, OUT_DIR)}/ (it compiles).\n${HOW_TO_RUN}`);
    return 0;
  }
  buildExtension();
  const temp = prepareTemp();
  try {
    const code = host.kind === 'code-server' ? await runInCodeServer(temp) : await runInElectron(host, temp);
    console.log(code === 0 ? 'Extension-host tests passed.' : `Extension-host tests failed (exit code ${code}).`);
    return code;
  } finally {
    fs.rmSync(temp.root, { recursive: true, force: true });
  }
}

process.exitCode = await main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  return 1;
});
