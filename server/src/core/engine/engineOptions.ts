/**
 * What an engine is made with: the host it reads through, the config and
 * dialects, the cache folder, the worker script, and the scope of a run.
 */
import type { Logger, WorkspaceHost } from '../workspace/host';

export interface EngineOptions {
  host: WorkspaceHost;
  logger?: Logger;
  /** Dialects to turn on besides the config's and the detected ones (`--dialect`). */
  dialects?: string[];
  /** Config text to use instead of reading `reqtrace.yaml` (e.g. `--config FILE`). */
  configText?: { text: string; file: string };
  /** Folder for the persisted index (warm restarts); never inside the workspace. */
  cacheDir?: string;
  /** Workspace root on disk, to key the cache (required with cacheDir). */
  root?: string;
  /**
   * The running bundle (server.js or cli.js), which can also run as an index
   * worker; with it, large workspaces are indexed in worker threads.
   */
  workerScript?: string;
  /**
   * Leave writing the index cache to `saveIndexCache` instead of doing it at
   * the end of `indexAll` (the language server saves it once every file's
   * diagnostics are out, in slices).
   */
  deferCacheSave?: boolean;
  /**
   * Workspace-relative files and folders the run is limited to (the CLI's
   * PATH arguments): only they are read, for definitions and references.
   * Unset or empty: the whole workspace.
   */
  scope?: string[];
}
