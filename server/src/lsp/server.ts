/**
 * Entry point of the reqtrace language server. The transport (--stdio,
 * --node-ipc, --socket=N) comes from the command line.
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { runIndexWorkerIfAny } from '../node';
import { nodeSites } from './nodeSites';
import { startServer } from './startServer';

// The same bundle runs the server's index worker threads.
if (!runIndexWorkerIfAny()) startServer(createConnection(ProposedFeatures.all), nodeSites(__filename));
