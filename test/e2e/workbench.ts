// Drives the code-server workbench in Debian's Chromium through playwright-core.
// Every wait has a timeout and names what it waited for; a failed wait also
// leaves a screenshot in artifacts/e2e/ so the UI state can be looked at.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { animationsDone, findTextInEditor, hasClass, listRows, treeRows, viewLinesText, type PageTreeRow } from './inPage';
import { Waiter } from './waits';

/** Where screenshots go unless {@link WorkbenchOptions.artifactsDir} says otherwise. */
export const ARTIFACTS_DIR = path.resolve(__dirname, '..', '..', 'artifacts', 'e2e');

/** Options for {@link openWorkbench}. */
export interface WorkbenchOptions {
  /** Timeout of each single wait; default 30 s. */
  timeoutMs?: number;
  /** Timeout for the workbench to load; default 90 s. */
  loadTimeoutMs?: number;
  /** Screenshot folder; default `artifacts/e2e/` under the project root. */
  artifactsDir?: string;
  /** Prepended to screenshot names, e.g. the suite name. */
  screenshotPrefix?: string;
  /** Default `$REQTRACE_E2E_CHROMIUM` or `/usr/bin/chromium`. */
  chromiumPath?: string;
  /** Default true; set `REQTRACE_E2E_HEADED=1` to watch (needs a display). */
  headless?: boolean;
}

export interface CursorPosition {
  line: number;
  column: number;
}

/** The active editor: absolute file path (from the window title) and cursor. */
export interface EditorLocation extends CursorPosition {
  file: string;
}

/** One row of the Problems panel; file rows and marker rows both appear. */
export interface ProblemRow {
  /** The row's aria-label, e.g. "Warning: msg at line 1 column 4 in a.ts" style text. */
  label: string;
  /** The visible text of the row. */
  text: string;
}

export interface StatusBarItem {
  /** DOM id; extension items are `<publisher>.<name>.<item id>`. */
  id: string;
  text: string;
  ariaLabel: string;
}

/** Which occurrence of a text in the visible editor lines to act on. */
export interface TextTarget {
  /** 1-based editor line that must contain the text. */
  line?: number;
  /** 0-based index among the matches, top to bottom; default 0. */
  occurrence?: number;
}

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
// The text editor of the active editor group (not hover, peek or panel editors).
const ACTIVE_EDITOR = '.editor-group-container.active .editor-instance .monaco-editor';
const ACTIVE_TAB = '.editor-group-container.active .tab.active';
const CURSOR_ITEM = '[id="status.editor.selection"]';

/**
 * Launches Chromium, opens `folderUrl` (a code-server `/?folder=` URL) and
 * waits for the workbench and its explorer. Playwright gives the browser a
 * fresh temporary profile and deletes it on close.
 */
export async function openWorkbench(folderUrl: string, options: WorkbenchOptions = {}): Promise<Workbench> {
  const executablePath = options.chromiumPath ?? process.env.REQTRACE_E2E_CHROMIUM ?? '/usr/bin/chromium';
  if (!fs.existsSync(executablePath)) {
    throw new Error(`Chromium not found at ${executablePath}: apt-get install -y chromium (or set REQTRACE_E2E_CHROMIUM)`);
  }
  const browser = await chromium.launch({
    executablePath,
    headless: options.headless ?? !process.env.REQTRACE_E2E_HEADED,
    args: CHROMIUM_ARGS,
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    // tsx (esbuild keepNames) wraps named functions in `__name(...)` calls,
    // also inside the functions this file hands to page.evaluate, which then
    // fail in the page with "__name is not defined". Define it there.
    await page.addInitScript('globalThis.__name = (fn) => fn;');
    const workbench = new Workbench(browser, page, folderUrl, options);
    await workbench.load(options.loadTimeoutMs ?? 90_000);
    return workbench;
  } catch (err) {
    await browser.close();
    throw err;
  }
}

/** A code-server workbench page with helpers for the things tests do. */
export class Workbench {
  /** The folder that was opened, from the URL's `folder` parameter. */
  readonly folder: string;
  /** Waits with timeouts and failure screenshots, also for tests' own conditions. */
  readonly wait: Waiter;
  private readonly artifactsDir: string;
  private readonly prefix: string;
  private readonly pageErrors: string[] = [];

  constructor(
    readonly browser: Browser,
    /** The page, for anything the helpers do not cover. */
    readonly page: Page,
    readonly folderUrl: string,
    options: WorkbenchOptions,
  ) {
    this.folder = new URL(folderUrl).searchParams.get('folder') ?? '';
    this.wait = new Waiter(options.timeoutMs ?? 30_000, (name) => this.screenshot(name));
    this.artifactsDir = options.artifactsDir ?? ARTIFACTS_DIR;
    this.prefix = options.screenshotPrefix ? `${options.screenshotPrefix}-` : '';
    page.on('pageerror', (err) => this.pageErrors.push(String(err)));
  }

  /** Uncaught errors in the page so far, for failure messages. */
  errors(): string[] {
    return [...this.pageErrors];
  }

  /** @internal Navigates and waits for the workbench; used by {@link openWorkbench}. */
  async load(timeoutMs: number): Promise<void> {
    await this.page.goto(this.folderUrl, { timeout: timeoutMs });
    await this.wait.visible(this.page.locator('.monaco-workbench'), 'the workbench (.monaco-workbench)', timeoutMs);
    await this.wait.visible(this.explorerRows().first(), 'the explorer to list the folder', timeoutMs);
  }

  async close(): Promise<void> {
    await this.browser.close();
  }

  /** Saves a PNG of the viewport as `<artifactsDir>/<prefix><name>.png` and returns its path. */
  async screenshot(name: string): Promise<string> {
    fs.mkdirSync(this.artifactsDir, { recursive: true });
    const file = path.join(this.artifactsDir, `${this.prefix}${name}`.replace(/[^\w.-]+/g, '_').slice(0, 150) + '.png');
    await this.page.screenshot({ path: file });
    return file;
  }

  /** Closes every visible notification toast. */
  async dismissNotifications(): Promise<void> {
    const toasts = this.page.locator('.notifications-toasts .notification-toast');
    for (let i = 0; i < 20 && (await toasts.count()) > 0; i++) {
      const toast = toasts.first();
      // The clear button is only shown while the toast is hovered.
      // A toast can close by itself meanwhile: short timeouts, and the final wait decides.
      await toast.hover({ timeout: 5000 }).catch(() => undefined);
      await toast.locator('.codicon-notifications-clear').click({ timeout: 5000 }).catch(() => undefined);
    }
    await this.wait.hidden(toasts.first(), 'notification toasts to close');
  }

  /**
   * Opens `relPath` (relative to the folder, `/`-separated) by clicking its
   * explorer row, expanding the folders on the way, and waits for its editor.
   * Each folder on the way must have a row of its own: the explorer shows a
   * chain of lone folders as one row (`lib/deep`), which this does not follow.
   */
  async openFile(relPath: string): Promise<void> {
    if (!(await this.page.locator('.explorer-folders-view').isVisible())) {
      await this.page.keyboard.press('Control+Shift+E');
    }
    const parts = relPath.split('/').filter(Boolean);
    for (let i = 0; i < parts.length; i++) {
      const sub = parts.slice(0, i + 1);
      // Each look takes the path's rows afresh from one snapshot of the tree: the
      // explorer can re-render meanwhile (shown again, it reveals the active
      // editor and expands the folder above it), which moves the rows' indexes.
      const shown = async () => (await this.explorerPath(sub))?.[i];
      const click = async () => {
        const row = await shown();
        if (!row) throw new Error(`${sub.join('/')} is not shown in the explorer`);
        await this.explorerRows().and(this.page.locator(`[data-index="${row.index}"][aria-label=${JSON.stringify(parts[i])}]`)).click({ timeout: 5000 });
      };
      if (i < parts.length - 1) {
        await this.wait.clickUntil(`explorer folder ${sub.join('/')} to expand`, click, async () => (await shown())?.expanded === true);
      } else {
        const tab = this.page.locator(`${ACTIVE_TAB}[data-resource-name=${JSON.stringify(parts[i])}]`);
        await this.wait.clickUntil(`the editor tab of ${relPath}`, click, () => tab.isVisible());
      }
    }
    await this.wait.visible(this.page.locator(`${ACTIVE_EDITOR} .view-line`).first(), `the text of ${relPath} in the editor`);
    const expected = path.join(this.folder, relPath);
    await this.wait.until(`the window title to name ${expected}`, () => this.page.title().then((t) => t === expected));
  }

  /**
   * The active editor's absolute path (the window title, which the test
   * settings set to `${activeEditorLong}`) and cursor position.
   */
  async activeEditor(): Promise<EditorLocation> {
    return { file: await this.page.title(), ...(await this.cursor()) };
  }

  /** The cursor position shown in the status bar ("Ln X, Col Y"). */
  async cursor(): Promise<CursorPosition> {
    const item = this.page.locator(CURSOR_ITEM);
    await this.wait.visible(item, 'the cursor position in the status bar');
    return parseCursor(await item.innerText());
  }

  /** Moves the cursor with Go to Line (Ctrl+G) and waits until the status bar shows it. */
  async goToLine(line: number, column = 1): Promise<void> {
    await this.page.keyboard.press('Control+G');
    const input = this.page.locator('.quick-input-widget input');
    await this.wait.visible(input, 'the Go to Line input');
    await input.fill(`:${line}:${column}`);
    await this.page.keyboard.press('Enter');
    await this.wait.until(`the cursor to be at Ln ${line}, Col ${column}`, async () => {
      const c = await this.readCursor();
      return c.line === line && c.column === column;
    });
  }

  /**
   * Hovers `text` in the active editor and returns the hover's text once one
   * with text (matching `expect` if given) is shown. The mouse is first moved
   * away and the previous hover allowed to close, so an old hover is never read.
   */
  async hover(text: string, target: TextTarget & { expect?: string | RegExp } = {}): Promise<string> {
    const hoverContent = this.page.locator('.monaco-hover-content').filter({ visible: true });
    // `.monaco-hover-content` matches more than one node and the first can be
    // empty: wait for one with text.
    const shown = hoverContent.filter({ hasText: target.expect ?? /\S/ }).first();
    const what = `a hover${target.expect ? ` containing ${String(target.expect)}` : ''} over "${text}"`;
    const deadline = Date.now() + this.wait.timeoutMs;
    // A hover that was asked for while the editor was still re-rendering (a
    // file just opened, inlay hints arriving) can be dropped and is not asked
    // for again while the mouse rests: then move away and back, with a longer
    // wait each time.
    for (let attempt = 0, patienceMs = 3000; ; attempt++, patienceMs *= 2) {
      await this.page.mouse.move(1, 450);
      await this.wait.hidden(hoverContent.first(), 'the previous hover to close');
      const at = await this.locateText(text, target);
      await this.page.mouse.move(at.x, at.y, { steps: 2 });
      const left = deadline - Date.now();
      if (left <= patienceMs) {
        await this.wait.visible(shown, what, Math.max(left, 1));
        break;
      }
      if (await shown.waitFor({ state: 'visible', timeout: patienceMs }).then(() => true, () => false)) break;
      console.warn(`[e2e] no ${what} after ${patienceMs} ms (attempt ${attempt + 1}); hovering again`);
    }
    // The hover fades in: let it finish so a screenshot right after shows it opaque.
    await shown.evaluate(animationsDone, '.monaco-hover');
    return shown.innerText();
  }

  /**
   * Clicks `text`, presses F12 and returns where the editor went, once the
   * file or the cursor line changed and the location stopped changing. Throws
   * at once when the editor says no definition was found; a definition on the
   * clicked line itself cannot be told from none and times out.
   */
  async goToDefinition(text: string, target: TextTarget = {}): Promise<EditorLocation> {
    const at = await this.locateText(text, target);
    await this.page.mouse.click(at.x, at.y);
    if (at.line !== undefined) {
      const line = at.line;
      await this.wait.until(`the cursor to move to line ${line} after clicking "${text}"`, async () => (await this.readCursor()).line === line);
    }
    const before = await this.activeEditor();
    await this.page.keyboard.press('F12');
    let last = before;
    // "No definition found for 'x'" appears as an overlay message in the editor.
    const noResult = this.page.locator(`${ACTIVE_EDITOR} .monaco-editor-overlaymessage`);
    await this.wait.until(`Go to Definition on "${text}" to leave ${before.file}:${before.line}`, async () => {
      if (await noResult.isVisible()) return true;
      last = await this.readLocation();
      return last.file !== before.file || last.line !== before.line;
    });
    if (await noResult.isVisible()) {
      throw new Error(`Go to Definition on "${text}" found nothing: ${(await noResult.innerText()).trim()}`);
    }
    // The title changes before the new editor's cursor reaches the status
    // bar, and under load the bar can show the old editor's position for
    // several reads. A position that differs from the one before F12 has
    // settled after one more identical read; the old position itself is only
    // believed once it has held for a second (a definition can lie there).
    let sameSince = Date.now();
    await this.wait.until('the editor location to settle', async () => {
      const now = await this.readLocation();
      const same = now.file === last.file && now.line === last.line && now.column === last.column;
      if (!same) sameSince = Date.now();
      last = now;
      const oldPosition = now.line === before.line && now.column === before.column;
      return same && (!oldPosition || Date.now() - sameSince >= 1000);
    });
    return last;
  }

  /** Opens the Problems panel if needed and returns its rows, optionally after one matches `waitFor`. */
  async problems(waitFor?: string | RegExp): Promise<ProblemRow[]> {
    const panel = this.page.locator('.markers-panel');
    if (!(await panel.isVisible())) await this.page.keyboard.press('Control+Shift+M');
    await this.wait.visible(panel, 'the Problems panel');
    const rows = panel.locator('.monaco-list-row');
    if (waitFor !== undefined) {
      const matches = (label: string, text: string) =>
        typeof waitFor === 'string' ? label.includes(waitFor) || text.includes(waitFor) : waitFor.test(label) || waitFor.test(text);
      await this.wait.until(`a Problems row matching ${String(waitFor)}`, async () =>
        (await this.readRows(rows)).some((r) => matches(r.label, r.text)),
      );
    }
    return this.readRows(rows);
  }

  /**
   * Waits for a status bar item and returns it. `id` matches the DOM id exactly
   * or its last part (so `myItem` finds `publisher.ext.myItem`); `text` must be
   * contained in its text.
   */
  async statusBarItem(match: { id?: string; text?: string | RegExp }): Promise<StatusBarItem> {
    let item = this.page.locator('.statusbar-item');
    if (match.id) item = item.and(this.page.locator(`[id=${JSON.stringify(match.id)}], [id$=${JSON.stringify('.' + match.id)}]`));
    if (match.text !== undefined) item = item.filter({ hasText: match.text });
    const first = item.first();
    await this.wait.visible(first, `a status bar item${match.id ? ` with id ${match.id}` : ''}${match.text !== undefined ? ` with text ${String(match.text)}` : ''}`);
    return {
      id: (await first.getAttribute('id')) ?? '',
      text: (await first.innerText()).trim(),
      ariaLabel: (await first.getAttribute('aria-label')) ?? '',
    };
  }

  /** Runs a command by its exact palette label (e.g. "View: Close All Editors") via F1. */
  async runCommand(label: string): Promise<void> {
    await this.page.keyboard.press('F1');
    const widget = this.page.locator('.quick-input-widget');
    const input = widget.locator('input');
    await this.wait.visible(input, 'the command palette');
    await input.fill(`>${label}`);
    // Fuzzy matching lists similar commands, sometimes first: pick the exact label.
    const exact = this.page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(label)}$`) });
    const row = widget.locator('.quick-input-list .monaco-list-row').filter({ has: exact }).first();
    await this.wait.visible(row, `the command "${label}" in the command palette`);
    await row.click();
    await this.wait.hidden(widget, `the command palette to close after running "${label}"`);
  }

  /** Types `text` at `line`: at its end (default), start, or a 1-based column. */
  async typeAtLine(line: number, text: string, where: 'start' | 'end' | number = 'end'): Promise<void> {
    await this.goToLine(line, typeof where === 'number' ? where : 1);
    if (where === 'end') await this.page.keyboard.press('End');
    await this.page.keyboard.type(text);
  }

  /**
   * Undoes the last `times` undo steps in the active editor. Monaco ends an
   * undo step where typed text switches to whitespace, so typing "a b" takes
   * more than one undo.
   */
  async undo(times = 1): Promise<void> {
    await this.focusEditor();
    for (let i = 0; i < times; i++) await this.page.keyboard.press('Control+Z');
  }

  /** Saves the active editor and waits until its tab is no longer dirty. */
  async save(): Promise<void> {
    await this.focusEditor();
    await this.page.keyboard.press('Control+S');
    await this.wait.visible(this.page.locator(`${ACTIVE_TAB}:not(.dirty)`), 'the active editor to be saved (tab not dirty)');
  }

  /** The text of the active editor's rendered lines (spaces normalised). */
  async editorText(): Promise<string> {
    return this.page.locator(`${ACTIVE_EDITOR} .view-lines .view-line`).evaluateAll(viewLinesText);
  }

  /**
   * Waits until the active editor's rendered text contains `match` (or, with
   * `absent`, no longer does) and returns it. Edits reach the DOM on the next
   * animation frame, so read text after an edit through this.
   */
  async waitForEditorText(match: string | RegExp, options: { absent?: boolean } = {}): Promise<string> {
    let text = '';
    const what = `the active editor ${options.absent ? 'not ' : ''}to contain ${String(match)}`;
    await this.wait.until(what, async () => {
      text = await this.editorText();
      const found = typeof match === 'string' ? text.includes(match) : match.test(text);
      return found !== Boolean(options.absent);
    });
    return text;
  }

  /** Gives the active editor keyboard focus without moving its cursor. */
  async focusEditor(): Promise<void> {
    const editor = this.page.locator(ACTIVE_EDITOR);
    if (await editor.evaluate(hasClass, 'focused').catch(() => false)) return;
    await this.page.keyboard.press('Control+1');
    await this.wait.visible(this.page.locator(`${ACTIVE_EDITOR}.focused`), 'the active editor to have focus');
  }

  /**
   * Page coordinates of the middle of `text` in the active editor's rendered
   * lines, and the line it is on. Measured with a DOM Range over the exact
   * characters, because one token span can hold a whole comment. Monaco
   * renders spaces as U+00A0, which is normalised before matching.
   */
  async locateText(text: string, target: TextTarget = {}): Promise<{ x: number; y: number; line?: number }> {
    const find = () => this.page.locator(ACTIVE_EDITOR).evaluate(findTextInEditor, text);
    const pick = async () => (await find()).filter((m) => target.line === undefined || m.line === target.line)[target.occurrence ?? 0];
    let match = await pick();
    if (!match && target.line !== undefined) {
      // The line may be scrolled out of view; Go to Line reveals it.
      await this.goToLine(target.line);
      match = await pick();
    }
    if (!match) {
      const where = target.line !== undefined ? ` on line ${target.line}` : '';
      await this.screenshot(`FAILED-locate-${text}`).catch(() => undefined);
      throw new Error(`"${text}"${where} (occurrence ${target.occurrence ?? 0}) is not in the visible lines of the active editor`);
    }
    return match;
  }

  /** Reads the cursor without waiting for the status bar item, for polling loops. */
  private async readCursor(): Promise<CursorPosition> {
    return parseCursor(await this.page.locator(CURSOR_ITEM).innerText({ timeout: 1000 }));
  }

  private async readLocation(): Promise<EditorLocation> {
    return { file: await this.page.title(), ...(await this.readCursor()) };
  }

  private explorerRows(): Locator {
    return this.page.locator('.explorer-folders-view .monaco-list-row');
  }

  /** The explorer rows of a path's parts, from one snapshot of the tree (see `rowsOfPath`). */
  private async explorerPath(parts: string[]): Promise<PageTreeRow[] | undefined> {
    return rowsOfPath(await this.explorerRows().evaluateAll(treeRows), parts);
  }

  private readRows(rows: Locator): Promise<ProblemRow[]> {
    return rows.evaluateAll(listRows);
  }
}

/**
 * The row of each of `names` among a tree's `rows` (top to bottom): the first
 * of that name at its level (1 at the top) inside the subtree of the row
 * before it. Undefined while a name is not shown.
 */
function rowsOfPath(rows: readonly PageTreeRow[], names: readonly string[]): PageTreeRow[] | undefined {
  const found: PageTreeRow[] = [];
  let from = 0;
  for (let level = 1; level <= names.length; level++) {
    let hit = -1;
    for (let k = from; k < rows.length && hit < 0; k++) {
      // Past the parent's subtree: a row at the parent's level or above.
      if (level > 1 && rows[k].level < level) break;
      if (rows[k].level === level && rows[k].label === names[level - 1]) hit = k;
    }
    if (hit < 0) return undefined;
    found.push(rows[hit]);
    from = hit + 1;
  }
  return found;
}

function parseCursor(text: string): CursorPosition {
  const m = /Ln (\d+), Col (\d+)/.exec(text);
  if (!m) throw new Error(`cannot read the cursor position from status bar text "${text}"`);
  return { line: Number(m[1]), column: Number(m[2]) };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
