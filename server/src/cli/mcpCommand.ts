/**
 * `reqtrace mcp [PATH]`: checks the arguments like every other command, then
 * hands over to the MCP server. That server (the MCP SDK and its schema
 * library) is a bundle of its own beside cli.js, loaded only here: parsed
 * into cli.js it would cost every `reqtrace check` its start time.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { McpOptions } from '../mcp/serve';
import { readConfigOption, type Tool, type WorkspaceOptions, UsageError } from './commands';

export type McpCommandOptions = Pick<WorkspaceOptions, 'config' | 'dialect'>;

function loadMcp(): { serveMcp: (options: McpOptions) => Promise<void> } {
  // A name esbuild does not follow, so that cli.js does not take the server in; from sources (tsx), the module itself.
  const file = __filename.endsWith('.ts') ? '../mcp/serve' : './mcp.js';
  if (!__filename.endsWith('.ts') && !fs.existsSync(path.join(__dirname, file))) {
    throw new UsageError(`the MCP server bundle ${path.join(__dirname, file)} is missing: build it with npm run build`);
  }
  return require(file) as typeof import('../mcp/serve');
}

export async function runMcp(workspace: string | undefined, opts: McpCommandOptions, tool: Tool): Promise<number> {
  const root = path.resolve(workspace ?? '.');
  let stat: fs.Stats;
  try {
    stat = fs.statSync(root);
  } catch {
    throw new UsageError(`no such folder: ${workspace}`);
  }
  if (!stat.isDirectory()) throw new UsageError(`${workspace} is not a folder: give the workspace folder`);
  await loadMcp().serveMcp({
    root,
    configText: readConfigOption(opts.config, root),
    dialects: opts.dialect,
    version: tool.version,
    // The bundled CLI runs the index worker threads of a large workspace (see node/indexWorker.ts).
    workerScript: __filename.endsWith('.js') ? __filename : undefined,
  });
  return 0;
}
