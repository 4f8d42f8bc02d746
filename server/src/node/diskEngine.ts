/**
 * The engine options of a workspace folder on disk, with the parts only Node
 * has: NodeHost, the index cache in a file (given a cache folder), index
 * worker threads (given a bundle that can run as one) and recheck for custom
 * ID patterns. Every Node front makes its engines with this.
 */
import type { EngineOptions, Logger } from '../core';
import { DiskIndexCache } from './diskIndexCache';
import { nodeIndexWorkers } from './indexWorker';
import { NodeHost } from './nodeHost';
import { recheckPattern } from './recheck';

export interface DiskOptions {
  logger?: Logger;
  /** Folder for the persisted index (warm restarts); never inside the workspace. None: no cache. */
  cacheDir?: string;
  /** The running bundle (server.js or cli.js), which can also run as an index worker. None: no worker threads. */
  workerScript?: string;
}

/** Host, cache, workers and ReDoS checker of the folder `root`. */
export function diskEngineOptions(root: string, options: DiskOptions = {}): EngineOptions & { host: NodeHost } {
  const host = new NodeHost(root, options.logger);
  return {
    host,
    logger: options.logger,
    indexCache: options.cacheDir ? new DiskIndexCache(options.cacheDir, root) : undefined,
    indexWorkers: options.workerScript ? nodeIndexWorkers(options.workerScript, host.abs('')) : undefined,
    checkPattern: recheckPattern,
  };
}
