// The lifecycle every code-server e2e suite shares, in one place: a temp folder, a code-server
// and a workbench held for the whole describe, a failure report (screenshot, logs) after each
// failed test, and everything closed and removed after the suite. `e2eSession()` registers the
// afterEach/after hooks in the describe that calls it; `open` is the usual before: start
// code-server on a workspace, open the workbench, widen the side bar and wait for the coverage.
// What only one suite does (a git repo, a browser-only vsix, a generated workspace) stays there.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startCodeServer, type CodeServer } from './codeServer';
import { reportFailure } from './failureReport';
import { openWorkbench, type Workbench } from './workbench';

const DEMO_FIXTURE = path.resolve(__dirname, '..', '..', 'test-fixtures', 'demo');

/** How a suite starts code-server and opens its workbench; see {@link E2eSession.open}. */
export interface OpenOptions {
  vsix: string;
  settings?: Record<string, unknown>;
  /** Names the suite's screenshots: artifacts/e2e/PREFIX-*.png. */
  screenshotPrefix: string;
  /** Drags the side bar to at least this many px so tree labels are not cut off. */
  sideBarWidth?: number;
  /** Waits for the reqtrace status bar item with this text (the first index is built); none when omitted. */
  status?: string | RegExp;
}

/** What the session's hooks add to a suite. */
export interface SessionOptions {
  /** More text for the failure report, e.g. the browser console. */
  failureExtra?: () => string;
  /** Also reports once after the suite when some test never ran (the before hook failed). */
  reportIfBeforeFailed?: boolean;
}

/** The temp folder, code-server and workbench of one describe; fields are set by its before hook. */
export class E2eSession {
  tmp: string | undefined;
  server: CodeServer | undefined;
  wb: Workbench | undefined;

  /** The workbench, asserting that `before` got that far. */
  workbench(): Workbench {
    assert.ok(this.wb, 'the workbench did not open (see the before hook error)');
    return this.wb;
  }

  /** Makes the session's temp folder (removed after the suite) and returns it. */
  makeTmp(name: string): string {
    this.tmp = fs.mkdtempSync(path.join(os.tmpdir(), `reqtrace-e2e-${name}-`));
    return this.tmp;
  }

  /** Copies test-fixtures/demo into a new temp folder and returns the copy's path. */
  copyDemo(name: string): string {
    const workspace = path.join(this.makeTmp(name), 'demo');
    fs.cpSync(DEMO_FIXTURE, workspace, { recursive: true });
    return workspace;
  }

  /** Starts code-server on `workspace` with the extension installed and opens the workbench. */
  async open(workspace: string, options: OpenOptions): Promise<Workbench> {
    this.server = await startCodeServer({ workspace, vsix: options.vsix, ...(options.settings ? { settings: options.settings } : {}) });
    const wb = (this.wb = await openWorkbench(this.server.folderUrl, { screenshotPrefix: options.screenshotPrefix }));
    if (options.sideBarWidth !== undefined) await widenSideBar(wb, options.sideBarWidth);
    // Before the first index is built a hover finds nothing and VS Code does not ask again.
    if (options.status !== undefined) await wb.statusBarItem({ id: 'reqtrace.status', text: options.status });
    return wb;
  }
}

/** A session for the calling describe, with its afterEach (failure report) and after (cleanup) hooks registered. */
export function e2eSession(options: SessionOptions = {}): E2eSession {
  const s = new E2eSession();
  afterEach(async function () {
    if (this.currentTest?.state !== 'failed') return;
    await reportFailure(this.currentTest.title, s.wb, s.server, options.failureExtra?.());
  });
  after(async function () {
    if (options.reportIfBeforeFailed && this.test?.parent?.tests.some((t) => t.state === undefined)) {
      await reportFailure('before', s.wb, s.server, options.failureExtra?.());
    }
    await s.wb?.close();
    await s.server?.stop();
    if (s.tmp) fs.rmSync(s.tmp, { recursive: true, force: true });
  });
  return s;
}

/** Drags the sash between the side bar and the editor until the side bar is at least `width` px wide. */
export async function widenSideBar(w: Workbench, width: number): Promise<void> {
  const sideBar = w.page.locator('.part.sidebar');
  const box = await sideBar.boundingBox();
  if (!box || box.width >= width) return;
  const y = box.y + box.height / 3;
  await w.page.mouse.move(box.x + box.width, y);
  await w.page.mouse.down();
  await w.page.mouse.move(box.x + width, y, { steps: 5 });
  await w.page.mouse.up();
  await w.wait.until(`the side bar to be ${width} px wide`, async () => ((await sideBar.boundingBox())?.width ?? 0) >= width - 10);
}
