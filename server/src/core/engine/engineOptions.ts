/**
 * What an engine is made with: the host it reads through, the config and
 * dialects, the scope of a run, and the parts that only some platforms have
 * (a persisted index, index workers, a ReDoS checker), which the Node fronts
 * make in server/src/node/ and the browser build leaves out.
 */
import type { Logger, WorkspaceHost } from '../workspace/host';
import type { IndexCacheStore } from '../index/indexCache';
import type { IndexWorkerPool } from '../index/workerPool';
import type { PatternChecker } from '../workspace/regexSafety';

export interface EngineOptions {
  host: WorkspaceHost;
  logger?: Logger;
  /** Dialects to turn on besides the config's and the detected ones (`--dialect`). */
  dialects?: string[];
  /** Config text to use instead of reading `reqtrace.yaml` (e.g. `--config FILE`). */
  configText?: { text: string; file: string };
  /** Where the persisted index lives (warm restarts); none: every full index reads every file. */
  indexCache?: IndexCacheStore;
  /** Starts index workers; with it, large workspaces are indexed beside the main thread. */
  indexWorkers?: () => IndexWorkerPool;
  /** The ReDoS checker a custom `idPattern` must pass; none: a custom pattern is rejected. */
  checkPattern?: PatternChecker;
  /**
   * Leave writing the index cache to `saveIndexCache` instead of doing it at
   * the end of `indexAll` (the language server saves it once every file's
   * diagnostics are out, in slices).
   */
  deferCacheSave?: boolean;
  /**
   * The run indexes once and never compares the disk with its walk again
   * (the CLI without `--cache`): the walk does not stat every folder for
   * the mtime that only a cache or a later sync reads, and `lastWalk` stays
   * unset. At R, 8k folder stats were 45 ms of a 2.5 s `check`.
   */
  indexOnce?: boolean;
  /**
   * Workspace-relative files and folders the run is limited to (the CLI's
   * PATH arguments): only they are read, for definitions and references.
   * Unset or empty: the whole workspace.
   */
  scope?: string[];
}
