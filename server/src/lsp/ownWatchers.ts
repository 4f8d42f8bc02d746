/**
 * Watching every workspace folder from the server, when the client cannot
 * register file watchers: one FolderWatcher per folder, started once the
 * folder's full index is done (it watches what that index reads) and started
 * again after each full index (a new config or .gitignore changes what is
 * read). Its events go where a client's would: `Session.onWatchedFiles`.
 */
import type { Logger } from '../core';
import { FolderWatcher, WatchBudget, watchHandleLimit } from './fileWatcher';
import type { Session } from './session';
import type { Folder } from './workspaces';

export class OwnWatchers {
  private readonly watchers = new Map<Folder, FolderWatcher>();
  private readonly budget: WatchBudget;

  constructor(
    private readonly session: Session,
    private readonly logger: Logger,
    limit = watchHandleLimit(),
  ) {
    this.budget = new WatchBudget(limit);
  }

  /** (Re)starts watching a folder as its last full index read it; a turned-off folder is not watched. */
  watch(folder: Folder): void {
    this.unwatch(folder);
    if (!folder.settings.enable || !folder.indexed) return;
    const watcher = new FolderWatcher({
      root: folder.root,
      reads: (relPath, isDirectory) => folder.engine.readsPath(relPath, isDirectory),
      budget: this.budget,
      logger: this.logger,
      onEvent: (event) => this.session.onWatchedFiles([event]),
      onBudgetExhausted: (relPath) =>
        this.logger.warn(
          `not watching ${folder.name}/${relPath} and further files for changes on disk: the server's ${this.budget.limit} watch handles are in use (a quarter of fs.inotify.max_user_watches on Linux)`,
        ),
    });
    this.watchers.set(folder, watcher);
    void watcher.ready.then(() => {
      if (this.watchers.get(folder) !== watcher) return;
      this.logger.info(`watching ${watcher.handles} files and folders of ${folder.name} for changes on disk (the client does not watch files)`);
    });
  }

  unwatch(folder: Folder): void {
    const watcher = this.watchers.get(folder);
    if (!watcher) return;
    this.watchers.delete(folder);
    void watcher.close().catch((e) => this.logger.warn(`cannot stop watching ${folder.name}: ${(e as Error).message}`));
  }

  async dispose(): Promise<void> {
    const all = [...this.watchers.values()];
    this.watchers.clear();
    await Promise.all(all.map((w) => w.close()));
  }
}
