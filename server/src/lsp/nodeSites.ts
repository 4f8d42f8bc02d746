/**
 * The Node server's sites (see ServerSites): index worker threads from its own bundle, the
 * index cache on disk, git for suspect references, chokidar when the client cannot watch
 * files, and the process's stray failures logged. Everything the browser build leaves out.
 */
import * as path from 'node:path';
import { diskEngineOptions, GitHistoryHost } from '../node';
import type { ServerSites } from './startServer';
import { OwnWatchers } from './ownWatchers';

/** `workerScript`: the running bundle, which can also run as an index worker thread. */
export function nodeSites(workerScript: string | undefined): ServerSites {
  return {
    diskFolder: (root, cacheDir, logger) => diskEngineOptions(root, { logger, cacheDir, workerScript }),
    usableCacheDir: (dir) => path.isAbsolute(dir),
    history: (root) => GitHistoryHost.open(root),
    ownWatchers: (session, logger) => new OwnWatchers(session, logger),
    catchStrayFailures(log) {
      process.on('unhandledRejection', log);
      process.on('uncaughtException', log);
    },
    offFeatures: [],
  };
}
