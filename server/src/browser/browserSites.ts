/**
 * The browser server's sites (see ServerSites): folders are read through the client
 * (ClientHost); worker threads, the index cache, git and the server's own file watching
 * (chokidar) do not exist in a web worker, and each says so once in the log.
 */
import type { Connection } from 'vscode-languageserver/browser';
import type { Logger } from '../core';
import type { ServerSites } from '../lsp/startServer';
import { ClientHost } from './clientHost';
import { ListFilesRequest, ReadFilesRequest } from './fileRequests';

/** The lines the browser server logs at start, one per feature it does not have (the README lists the same). */
export const BROWSER_OFF_FEATURES = [
  'browser build: index worker threads are off (files are analysed on the server worker, between requests)',
  'browser build: the index cache is off (every start indexes the workspace anew)',
  'browser build: git features are off (no suspect references)',
  'browser build: the server does not watch files itself (changes come from the editor and its file watchers)',
];

export function browserSites(): ServerSites {
  return {
    usableCacheDir: () => false,
    remoteHosts: (connection: Connection, logger: Logger) => (uri) =>
      new ClientHost(
        {
          listFiles: (folderUri) => connection.sendRequest(ListFilesRequest.type, { folderUri }),
          readFiles: (uris, contentUpTo) => connection.sendRequest(ReadFilesRequest.type, { uris, contentUpTo }),
        },
        uri,
        logger,
      ),
    catchStrayFailures(log) {
      self.addEventListener('unhandledrejection', (e) => log((e as PromiseRejectionEvent).reason));
      self.addEventListener('error', (e) => log((e as ErrorEvent).error ?? (e as ErrorEvent).message));
    },
    offFeatures: BROWSER_OFF_FEATURES,
  };
}
