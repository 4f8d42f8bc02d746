/**
 * Entry point of the reqtrace language server. The transport (--stdio,
 * --node-ipc, --socket=N) comes from the command line.
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './startServer';

startServer(createConnection(ProposedFeatures.all));
