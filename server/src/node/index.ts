/**
 * The Node side of the engine: what the core takes through interfaces and
 * only Node can give (file system, worker threads, the index cache file,
 * recheck, git's history for suspect references). The Node fronts (lsp/nodeSites.ts, cli/, mcp/) and the bench
 * import it; the browser build never does.
 */
export { diskEngineOptions } from './diskEngine';
export type { DiskOptions } from './diskEngine';
export { GitHistoryHost } from '../git/historyHost';
export { DiskIndexCache } from './diskIndexCache';
export { nodeIndexWorkers, runIndexWorkerIfAny } from './indexWorker';
export { NodeHost } from './nodeHost';
export { recheckPattern } from './recheck';
