/**
 * Runs the extension-host suite without a VS Code desktop: in the Node extension host of the
 * code-server that the e2e tests install (VS Code 1.100.3 server), opened in headless Chromium.
 * The extension under development and the test runner are handed over the way VS Code's web
 * workbench takes them from an "Extension Development Host" window: the URL's `payload`. The
 * workbench reports the runner's exit code to `window.codeAutomationExit`, and, while extension
 * tests run, its log lines (the extension host's console among them) to `window.codeAutomationLog`.
 */
import * as fs from 'node:fs';
import { chromium } from 'playwright-core';
import { startCodeServer } from '../e2e/codeServer';

export interface CodeServerRun {
  /** The repository root (the extension under development). */
  extensionDevelopmentPath: string;
  /** The bundled suite's index.js. */
  extensionTestsPath: string;
  /** The folder to open, a copy of the fixture. */
  workspace: string;
  /** How long the whole run may take; default 5 minutes. */
  timeoutMs?: number;
}

/** Runs the suite and resolves with its exit code (0: all passed). */
export async function runInCodeServer(run: CodeServerRun): Promise<number> {
  const executablePath = process.env.REQTRACE_E2E_CHROMIUM ?? '/usr/bin/chromium';
  if (!fs.existsSync(executablePath)) {
    throw new Error(`Chromium not found at ${executablePath}: apt-get install -y chromium (or set REQTRACE_E2E_CHROMIUM)`);
  }
  const server = await startCodeServer({ workspace: run.workspace });
  const browser = await chromium.launch({ executablePath, headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
  try {
    // The workbench's remote authority is the host:port it was loaded from.
    const remote = (p: string) => `vscode-remote://127.0.0.1:${server.port}${p}`;
    const payload = [
      ['extensionDevelopmentPath', remote(run.extensionDevelopmentPath)],
      ['extensionTestsPath', remote(run.extensionTestsPath)],
    ];
    const page = await browser.newPage();
    let exit!: (code: number) => void;
    const exited = new Promise<number>((resolve) => (exit = resolve));
    await page.exposeFunction('codeAutomationLog', (_level: string, args: unknown[]) => console.log(...args));
    await page.exposeFunction('codeAutomationExit', (code: number) => exit(code));
    page.on('pageerror', (err) => console.error(`[workbench] ${err}`));
    await page.goto(`${server.folderUrl}&payload=${encodeURIComponent(JSON.stringify(payload))}`);

    const timeoutMs = run.timeoutMs ?? 300_000;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`the extension tests did not finish within ${timeoutMs} ms\n${server.logs()}`)), timeoutMs);
    });
    try {
      return await Promise.race([exited, timedOut]);
    } finally {
      clearTimeout(timer);
    }
  } finally {
    await browser.close();
    await server.stop();
  }
}
