/**
 * The browser build's index time in a real browser, several runs: code-server runs a
 * browser-only package of the extension in its web-worker extension host (as the web e2e
 * suite does), on the demo workspace and on a generated workspace of 10,001 files. Prints,
 * per run, the server's own "indexed ... in N ms" and the time from opening the workbench
 * to the coverage in the status bar, then the ranges. Needs `npm run build` and code-server.
 *
 *   npx tsx bench/webBench.ts [--runs 3]
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { browserOnlyVsix, writeLargeWorkspace } from '../test/e2e/browserVsix';
import { startCodeServer } from '../test/e2e/codeServer';
import { openWorkbench } from '../test/e2e/workbench';

const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 3;

async function measure(workspace: string, vsix: string, name: string): Promise<{ serverMs: number; uiMs: number; heapMb?: number }> {
  const server = await startCodeServer({ workspace, vsix });
  try {
    const w = await openWorkbench(server.folderUrl, { screenshotPrefix: `bench-web-${name}`, timeoutMs: 300_000 });
    const opened = Date.now();
    try {
      // As a user would, and the web e2e suite does: a file open at once (it also activates the extension).
      // (workspaceContains alone can keep waiting for code-server's search provider).
      await w.openFile(name === 'ws' ? 'a.ts' : 'src/auth/login.ts');
      await w.wait.visible(w.page.locator('[id="reqtrace.reqtrace.reqtrace.status"]').filter({ hasText: /Req \d+%/ }), 'the coverage in the status bar');
      const uiMs = Date.now() - opened;
      await w.runCommand('reqtrace: Show Log');
      let serverMs = NaN;
      await w.wait.until('the index time in the log', async () => {
        const text = (await w.page.locator('.part.panel .view-line').allInnerTexts()).join(' ').replace(/[\s\u00a0]+/g, ' ');
        const m = new RegExp(`indexed ${name}: \\d+ files in (\\d+) ms`).exec(text);
        if (m) serverMs = Number(m[1]);
        return m !== null;
      });
      const heap = await w.page.evaluate(() => (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize);
      return { serverMs, uiMs, heapMb: heap === undefined ? undefined : Math.round(heap / 1e6) };
    } finally {
      await w.close();
    }
  } finally {
    await server.stop();
  }
}

(async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'reqtrace-bench-web-'));
  try {
    const vsix = browserOnlyVsix(tmp);
    const demo = path.join(tmp, 'demo');
    fs.cpSync(path.resolve(__dirname, '..', 'test-fixtures', 'demo'), demo, { recursive: true });
    const ws = path.join(tmp, 'ws');
    writeLargeWorkspace(ws);
    const results: Record<string, Array<{ serverMs: number; uiMs: number; heapMb?: number }>> = { demo: [], ws: [] };
    // Interleaved, so that the machine's load falls on both alike.
    for (let i = 0; i < runs; i++) {
      for (const [name, dir] of [['demo', demo], ['ws', ws]] as const) {
        const r = await measure(dir, vsix, name);
        results[name].push(r);
        console.log(`${name} run ${i + 1}: server ${r.serverMs} ms, workbench open → coverage ${r.uiMs} ms, renderer heap ${r.heapMb ?? '?'} MB`);
      }
    }
    for (const [name, list] of Object.entries(results)) {
      const range = (xs: number[]) => `${Math.min(...xs)}–${Math.max(...xs)}`;
      console.log(`${name === 'ws' ? '10,001 files' : 'demo'}: server index ${range(list.map((r) => r.serverMs))} ms, open → coverage ${range(list.map((r) => r.uiMs))} ms over ${list.length} runs`);
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
