/**
 * Entry point of the browser build of the language server (server/dist/browser/server.js):
 * it runs in a web worker and talks to the client over the worker's messages. Everything but
 * the transport and the sites (browserSites.ts) is the Node server's startServer.
 */
import { BrowserMessageReader, BrowserMessageWriter, createConnection } from 'vscode-languageserver/browser';
import { startServer } from '../lsp/startServer';
import { browserSites } from './browserSites';

const connection = createConnection(new BrowserMessageReader(self), new BrowserMessageWriter(self));
startServer(connection, browserSites());
