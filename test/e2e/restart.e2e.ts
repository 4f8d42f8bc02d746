// Issue 8, LSP robustness, in a real VS Code: the language server of the
// installed reqtrace extension is killed with SIGKILL in the middle of a
// session, and the client must start a new one by itself so that hovers,
// diagnostics and the coverage in the status bar work again. After five
// crashes within three minutes the client must stop trying and tell the user,
// whose "Restart" brings everything back.
// Screenshots of every step go to artifacts/e2e/restart-*.png.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { packagedVsix, type CodeServer } from './codeServer';
import { e2eSession } from './session';
import type { Workbench } from './workbench';

const AUTH_001_TITLE = 'Users can log in with email and password';
const UNKNOWN_AUTH_01 = /unknown requirement AUTH-01; did you mean AUTH-001\?/;
const STATUS_ITEM_ID = 'reqtrace.reqtrace.reqtrace.status';
/** The reqtrace status bar item once the index is built, as {@link recordStatusBarTexts} writes it. */
const STATUS_READY = 'checklist Req 50%';
/** client/src/crashTracker.ts: restarts are given up after more than 4 crashes in 3 minutes. */
const CRASHES_UNTIL_GIVE_UP = 5;
/** client/src/languageClient.ts: what the log says when the client restarts a crashed server. */
const RESTART_MESSAGE = 'The reqtrace server stopped unexpectedly; restarting it.';
const GAVE_UP_MESSAGE = `reqtrace: the language server crashed ${CRASHES_UNTIL_GIVE_UP} times in 3 minutes and was not restarted.`;

describe('reqtrace in VS Code (code-server): the language server comes back after a crash', function () {
  const s = e2eSession({ failureExtra: () => `server processes: ${s.server ? JSON.stringify(languageServerPids(s.server.extensionsDir)) : '-'}` });
  /** Kills so far; the client counts every one of them toward giving up. */
  let crashes = 0;

  const extensionsDir = (): string => {
    assert.ok(s.server, 'code-server did not start (see the before hook error)');
    return s.server.extensionsDir;
  };

  before(async function () {
    const wb = await s.open(s.copyDemo('restart'), { vsix: packagedVsix(), screenshotPrefix: 'restart', status: 'Req 50%' });
    await wb.openFile('src/auth/login.ts');
    await wb.waitForEditorText(new RegExp(`@impl AUTH-001@2\\s*${AUTH_001_TITLE}`));
  });

  /**
   * Kills the one running language server with SIGKILL and waits until its
   * process is gone. The status bar is recorded from just before the kill.
   */
  async function killServer(w: Workbench): Promise<number> {
    const pid = await theServerPid(w, extensionsDir());
    await recordStatusBarTexts(w);
    process.kill(pid, 'SIGKILL');
    crashes++;
    await w.wait.until(`the killed language server (pid ${pid}) to be gone`, async () => !isRunning(pid), 5000);
    return pid;
  }

  it('1. after SIGKILL a new server starts and hover, diagnostics and coverage come back', async function () {
    const w = s.workbench();
    await expectFeaturesWork(w);
    await w.screenshot('01-before-kill');
    // Away from the hover, so the next screenshot does not show the old one.
    await w.page.mouse.move(1, 450);

    const started = Date.now();
    const killed = await killServer(w);
    const goneMs = Date.now() - started;
    await w.screenshot('02-after-kill');

    const pid = await theServerPid(w, extensionsDir(), killed);
    const newPidMs = Date.now() - started;
    const texts = await waitForIndexedAgain(w);
    const indexedMs = Date.now() - started;
    await expectFeaturesWork(w);
    const recoveredMs = Date.now() - started;
    // Diagnostics survive a restart in the client, so the AUTH-01 row above may
    // be the old server's: an edit shows that the new server publishes them.
    await expectLiveDiagnostics(w);
    await w.hover('AUTH-001', { line: 9, expect: AUTH_001_TITLE });
    await w.screenshot('03-recovered');
    // The restart is logged once, and vscode-languageclient's show-notification flag does not
    // follow it as a line of its own (client/src/languageClient.ts).
    let log = '';
    await w.wait.until('the restart in the reqtrace log', async () => {
      log = extensionLog(s.server!);
      return log.includes(RESTART_MESSAGE);
    });
    const messages = log.split('\n').map((line) => line.replace(/^\S+ \S+ \[\w+\] /, '').trim());
    assert.deepEqual(messages.filter((m) => m === 'false' || m === 'true'), [], `a stray line in the reqtrace log:\n${log}`);
    console.log(
      `    killed pid ${killed}: gone after ${goneMs} ms, new server pid ${pid} after ${newPidMs} ms, ` +
        `indexed after ${indexedMs} ms, features checked after ${recoveredMs} ms; status bar: ${texts.join(' → ')}`,
    );
  });

  it(`2. after ${CRASHES_UNTIL_GIVE_UP} crashes in 3 minutes the user is told, and Restart brings the features back`, async function () {
    const w = s.workbench();
    const toast = w.page.locator('.notifications-toasts .notification-toast').filter({ hasText: 'reqtrace: the language server crashed' });
    while (crashes < CRASHES_UNTIL_GIVE_UP - 1) {
      const killed = await killServer(w);
      await theServerPid(w, extensionsDir(), killed);
      await waitForIndexedAgain(w);
      // The hover proves the client is running again before the next kill.
      await w.hover('AUTH-001', { line: 9, expect: AUTH_001_TITLE });
      assert.equal(await toast.count(), 0, `the client gave up after only ${crashes} crashes`);
    }
    const started = Date.now();
    await killServer(w);
    await w.wait.visible(toast.first(), `the error notification after ${crashes} crashes`);
    const toldMs = Date.now() - started;
    assert.equal(crashes, CRASHES_UNTIL_GIVE_UP);
    assert.equal((await toast.first().locator('.notification-list-item-message').innerText()).trim(), GAVE_UP_MESSAGE);
    assert.ok(await toast.first().locator('.codicon-error').count(), 'the notification is not an error');
    await w.wait.visible(w.page.locator(`[id="${STATUS_ITEM_ID}"] .codicon-error`), 'the error icon in the reqtrace status bar item');
    assert.equal((await w.statusBarItem({ id: 'reqtrace.status' })).text, 'Req');
    assert.deepEqual(languageServerPids(extensionsDir()), [], 'a language server runs although the client gave up');
    // A stopped client drops its diagnostics.
    await w.wait.until('the AUTH-01 diagnostic to leave the Problems panel', async () => !(await w.problems()).some((r) => UNKNOWN_AUTH_01.test(r.text)));
    await w.page.mouse.move(1, 450);
    await w.screenshot('04-gave-up');

    const restart = toast.first().locator('.monaco-button', { hasText: /^Restart$/ });
    await w.wait.visible(restart, 'the Restart button of the notification');
    await recordStatusBarTexts(w);
    await restart.click();
    const clicked = Date.now();
    await w.wait.hidden(toast.first(), 'the notification to close after Restart');
    await theServerPid(w, extensionsDir());
    await waitForIndexedAgain(w);
    await expectFeaturesWork(w);
    await w.screenshot('05-restarted');
    console.log(`    told after ${toldMs} ms; features back ${Date.now() - clicked} ms after Restart`);
  });
});

/** The extension's log output channel, as VS Code wrote it to the log folder (empty before it exists). */
function extensionLog(server: CodeServer): string {
  const files = Object.entries(server.logFiles()).filter(([name]) => path.basename(name) === 'reqtrace.log');
  return files.map(([, text]) => text).join('');
}

/** Hover on AUTH-001, the AUTH-01 diagnostic in the Problems panel, and "Req 50%" in the status bar. */
async function expectFeaturesWork(w: Workbench): Promise<void> {
  const hover = await w.hover('AUTH-001', { line: 9, expect: AUTH_001_TITLE });
  assert.match(hover, new RegExp(`^AUTH-001: ${AUTH_001_TITLE}$`, 'm'), hover);
  const rows = await w.problems(UNKNOWN_AUTH_01);
  const marker = rows.find((r) => UNKNOWN_AUTH_01.test(r.text));
  assert.match(marker?.label ?? '', /^Error: unknown requirement AUTH-01; did you mean AUTH-001\? at line 22 and character 46\./, JSON.stringify(rows));
  const item = await w.statusBarItem({ id: 'reqtrace.status', text: 'Req 50%' });
  assert.equal(item.text, 'Req 50%');
}

/**
 * Types an unknown requirement into the open login.ts without saving, waits
 * for its diagnostic, and reverts the file, waiting for the diagnostic to go.
 */
async function expectLiveDiagnostics(w: Workbench): Promise<void> {
  const typed = /unknown requirement AUTH-404/;
  await w.focusEditor();
  await w.typeAtLine(3, '// Implements: AUTH-404\n', 'start');
  await w.problems(typed);
  await w.runCommand('File: Revert File');
  await w.waitForEditorText('AUTH-404', { absent: true });
  await w.wait.until('the AUTH-404 diagnostic to go after reverting', async () => !(await w.problems()).some((r) => typed.test(r.text)));
}

/**
 * Pids of reqtrace language servers started from `extensionsDir`: node
 * processes whose command line names `<extensionsDir>/…/server/dist/server.js`.
 * Matching this run's own extensions dir leaves parallel runs alone.
 */
function languageServerPids(extensionsDir: string): number[] {
  const dirs = [...new Set([extensionsDir, fs.realpathSync(extensionsDir)])].map((d) => d + path.sep);
  const script = path.join('server', 'dist', 'server.js');
  const pids: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let argv: string[];
    try {
      argv = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
    } catch {
      continue; // exited meanwhile
    }
    const isNode = /^node/.test(path.basename(argv[0] ?? ''));
    if (isNode && argv.some((arg) => dirs.some((d) => arg.startsWith(d)) && arg.endsWith(path.sep + script))) pids.push(Number(entry));
  }
  return pids;
}

/** Waits until exactly one language server runs (other than `not`) and returns its pid. */
async function theServerPid(w: Workbench, extensionsDir: string, not?: number): Promise<number> {
  let pids: number[] = [];
  const what = not === undefined ? 'one reqtrace language server process' : `a new reqtrace language server process (not pid ${not})`;
  await w.wait.until(what, async () => {
    pids = languageServerPids(extensionsDir);
    return pids.length === 1 && pids[0] !== not;
  });
  return pids[0];
}

/** False once the process has exited, also while it is a zombie not yet reaped by its parent. */
function isRunning(pid: number): boolean {
  let stat: string;
  try {
    stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return false;
  }
  // "pid (comm) state ...": comm may contain spaces and parentheses.
  return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
}

interface StatusLog {
  __reqtraceStatusTexts?: string[];
}

/**
 * Records in the page every text the reqtrace status bar item shows from now
 * on, as "<codicon> <text>", so a change that lasts less than a poll is seen.
 */
async function recordStatusBarTexts(w: Workbench): Promise<void> {
  await w.page.evaluate((id) => {
    const read = (): string => {
      const item = document.getElementById(id);
      if (!item) return '(none)';
      const icon = item.querySelector('.codicon');
      const name = icon ? Array.from(icon.classList).find((c) => c.startsWith('codicon-') && c !== 'codicon-modifier-spin')?.slice('codicon-'.length) : undefined;
      return `${name ?? '-'} ${(item.textContent ?? '').trim()}`;
    };
    const log = [read()];
    (globalThis as StatusLog).__reqtraceStatusTexts = log;
    const statusBar = document.querySelector('.part.statusbar');
    if (!statusBar) throw new Error('no status bar');
    new MutationObserver(() => {
      const text = read();
      if (text !== log[log.length - 1]) log.push(text);
    }).observe(statusBar, { subtree: true, childList: true, characterData: true, attributes: true });
  }, STATUS_ITEM_ID);
}

/** The texts recorded since {@link recordStatusBarTexts}, oldest first. */
function statusBarTexts(w: Workbench): Promise<string[]> {
  return w.page.evaluate(() => (globalThis as StatusLog).__reqtraceStatusTexts ?? []);
}

/**
 * Waits until the status bar, recorded since before the kill, left
 * "Req 50%" (the client saw the server go and start again) and shows it again
 * (the new server built its index), and returns the texts. Only then can a
 * hover find anything: VS Code does not ask again while the mouse rests.
 */
async function waitForIndexedAgain(w: Workbench): Promise<string[]> {
  let texts: string[] = [];
  await w.wait.until(`the reqtrace status bar item to leave and come back to "${STATUS_READY}"`, async () => {
    texts = await statusBarTexts(w);
    return texts.at(-1) === STATUS_READY && texts.slice(0, -1).some((t) => t !== STATUS_READY);
  });
  return texts;
}
