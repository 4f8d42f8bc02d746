/**
 * The server's own file watcher stays within its budget of watch handles,
 * counted in this process's inotify watches where /proc can tell, and gives
 * them back when closed.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FolderWatcher, WatchBudget, watchHandleLimit } from '../../server/src/lsp/fileWatcher';
import { inotifyWatchedInodes } from '../lsp/inotify';

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

function tree(dirs: number, filesPerDir: number): string {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'reqtrace-watch-')));
  for (let d = 0; d < dirs; d++) {
    fs.mkdirSync(path.join(root, `d${d}`));
    for (let f = 0; f < filesPerDir; f++) fs.writeFileSync(path.join(root, `d${d}`, `f${f}.ts`), '// x\n');
  }
  return root;
}

const watchCount = () => inotifyWatchedInodes(process.pid)?.length;

describe('file watcher: watch handle budget', () => {
  const roots: string[] = [];
  after(() => {
    for (const r of roots) fs.rmSync(r, { recursive: true, force: true });
  });

  it('takes a quarter of the inotify watches on Linux, 8192 where the system does not say', () => {
    assert.equal(watchHandleLimit(() => 8192), 2048);
    assert.equal(watchHandleLimit(() => 524288), 131072);
    assert.equal(watchHandleLimit(() => 2), 1);
    assert.equal(watchHandleLimit(() => undefined), 8192);
  });

  it('watches no more paths than the budget allows, says so once, and gives them back when closed', async () => {
    const root = tree(4, 5); // 1 + 4 folders, 20 files
    roots.push(root);
    const before = watchCount();
    const budget = new WatchBudget(7);
    const exhausted: string[] = [];
    const watcher = new FolderWatcher({ root, reads: () => true, budget, logger: quiet, onEvent: () => undefined, onBudgetExhausted: (p) => exhausted.push(p) });
    await watcher.ready;
    assert.equal(watcher.handles, 7);
    assert.equal(budget.inUse, 7);
    assert.equal(exhausted.length, 1);
    if (before !== undefined) assert.ok(watchCount()! - before <= 7, `${watchCount()! - before} inotify watches for a budget of 7`);
    await watcher.close();
    assert.equal(budget.inUse, 0);
    if (before !== undefined) assert.equal(watchCount(), before);
  });

  it('shares one budget between folders', async () => {
    const a = tree(1, 3);
    const b = tree(1, 3);
    roots.push(a, b);
    const budget = new WatchBudget(6);
    const first = new FolderWatcher({ root: a, reads: () => true, budget, logger: quiet, onEvent: () => undefined });
    await first.ready;
    assert.equal(first.handles, 5); // the folder, d0 and its 3 files
    const second = new FolderWatcher({ root: b, reads: () => true, budget, logger: quiet, onEvent: () => undefined });
    await second.ready;
    assert.equal(second.handles, 1);
    await Promise.all([first.close(), second.close()]);
    assert.equal(budget.inUse, 0);
  });

  it('watches only what `reads` accepts, and reports changes to it', async () => {
    const root = tree(2, 2);
    roots.push(root);
    const budget = new WatchBudget(100);
    const events = new EventLog();
    const watcher = new FolderWatcher({
      root,
      reads: (rel, isDir) => (isDir ? rel === 'd0' : rel.startsWith('d0/')),
      budget,
      logger: quiet,
      onEvent: (e) => events.push(`${e.type} ${path.basename(new URL(e.uri).pathname)}`),
    });
    await watcher.ready;
    assert.equal(watcher.handles, 4); // the folder, d0 and its 2 files
    fs.writeFileSync(path.join(root, 'd1', 'ignored.ts'), '// x\n');
    fs.writeFileSync(path.join(root, 'd0', 'new.ts'), '// x\n');
    await events.waitFor('1 new.ts');
    assert.deepEqual(events.all.filter((e) => e.includes('ignored')), []);
    assert.equal(budget.inUse, 5);
    fs.rmSync(path.join(root, 'd0', 'new.ts'));
    await events.waitFor('3 new.ts');
    assert.equal(budget.inUse, 4);
    await watcher.close();
  });
});

/** Events as they arrive, and a wait for one of them (bounded). */
class EventLog {
  readonly all: string[] = [];
  private wake: (() => void) | undefined;

  push(event: string): void {
    this.all.push(event);
    this.wake?.();
  }

  async waitFor(event: string, ms = 5000): Promise<void> {
    const timer = setTimeout(() => this.wake?.(), ms);
    const end = Date.now() + ms;
    try {
      while (!this.all.includes(event)) {
        if (Date.now() >= end) throw new Error(`timed out waiting for the watcher event '${event}'; got: ${this.all.join(', ')}`);
        await new Promise<void>((resolve) => (this.wake = resolve));
      }
    } finally {
      clearTimeout(timer);
    }
  }
}
