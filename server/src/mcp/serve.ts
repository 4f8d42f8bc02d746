/**
 * `reqtrace mcp`: the workspace served to coding agents over the Model
 * Context Protocol, on standard input and output. The entry of a bundle of
 * its own (server/dist/mcp.js), which the CLI loads only for this command,
 * so the SDK costs no other command its start time.
 *
 * The index is built once, in the background while the client connects, and
 * kept in step with the disk by `DiskSync` before each answer (see there why
 * not a watcher). Standard output is the protocol: everything else goes to
 * standard error.
 */
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { DiskSync, Engine, type Logger } from '../core';
import { diskEngineOptions, recheckPattern } from '../node';
import { registerTools } from './tools';

export interface McpOptions {
  /** The workspace folder (absolute). */
  root: string;
  /** Config text from `--config FILE`, instead of the workspace's reqtrace.yaml. */
  configText?: { text: string; file: string };
  dialects?: string[];
  /** The program's version, for the client's server info. */
  version: string;
  /** The bundle that runs index worker threads (the CLI's), for large workspaces. */
  workerScript?: string;
}

function log(message: string): void {
  process.stderr.write(`reqtrace mcp: ${message}\n`);
}

const logger: Logger = {
  info: () => {},
  warn: (m) => log(`warning: ${m}`),
  error: (m) => log(`error: ${m}`),
};

function instructions(root: string): string {
  return [
    'reqtrace knows the requirements this workspace defines in its spec files (e.g. Markdown `## AUTH-001: Title` sections, YAML `requirements:` lists, or other tools\' formats)',
    'and every reference to them in code comments and tests (e.g. `// @impl AUTH-001`, `# Implements: AUTH-001`).',
    'Ask it what a requirement says and where it is implemented and tested, which requirements still lack coverage, and what is wrong with the traceability of a file before or after you edit it.',
    `Paths are relative to the workspace root ${root}; lines and columns start at 1.`,
    'Answers are bounded: a list says how many items it left out, and `limit` asks for more (at most 200).',
    'Every answer reflects the files on disk when it is asked: no need to wait after writing a file.',
  ].join(' ');
}

/** Serves until the client closes standard input. */
export async function serveMcp(options: McpOptions): Promise<void> {
  const started = Date.now();
  const engine = new Engine({ ...diskEngineOptions(options.root, { logger, workerScript: options.workerScript }), configText: options.configText, dialects: options.dialects });
  const sync = new DiskSync(engine, { watchConfig: options.configText === undefined });
  // In the background: the client's handshake need not wait for a large workspace. Answers wait for it.
  sync.reindex().then(
    () => log(`indexed ${options.root}: ${engine.index.fileCount} files in ${Date.now() - started} ms`),
    (e) => log(`indexing failed: ${(e as Error).stack ?? e}`),
  );
  const server = new McpServer({ name: 'reqtrace', version: options.version }, { instructions: instructions(options.root) });
  registerTools(server, { engine, root: options.root, sync, log, indexOptions: { configText: options.configText, dialects: options.dialects, checkPattern: recheckPattern } });
  const transport = new StdioServerTransport();
  const closed = new Promise<void>((resolve) => {
    server.server.onclose = resolve;
  });
  // The transport does not watch for the end of its input: the client is gone then.
  process.stdin.once('end', () => void transport.close());
  await server.connect(transport);
  await closed;
}
