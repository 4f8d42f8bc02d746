/**
 * The Node side of the engine: what the core takes through interfaces and
 * only Node can give (file system, worker threads, the index cache file,
 * recheck). The Node fronts (lsp/nodeSites.ts, cli/, mcp/) and the bench
 * import it; the browser build never does.
 */
export { diskEngineOptions } from './diskEngine';
export type { DiskOptions } from './diskEngine';
export { DiskIndexCache } from './diskIndexCache';
export { nodeIndexWorkers, runIndexWorkerIfAny } from './indexWorker';
export { NodeHost } from './nodeHost';
export { recheckPattern } from './recheck';
