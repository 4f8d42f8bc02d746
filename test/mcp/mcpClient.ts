/**
 * The MCP tests' client: the SDK's own Client over stdio, talking to the
 * BUILT CLI (`node server/dist/cli.js mcp <workspace>`), as an agent's client would.
 */
import * as path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

export const CLI = path.resolve(__dirname, '../../server/dist/cli.js');

export interface ToolAnswer {
  text: string;
  structured: any;
  isError: boolean;
}

export class McpSession {
  private constructor(
    readonly client: Client,
    private readonly err: { text: string },
  ) {}

  /** Starts `reqtrace mcp` on a workspace and connects to it. */
  static async start(workspace: string, args: string[] = []): Promise<McpSession> {
    const transport = new StdioClientTransport({ command: process.execPath, args: [CLI, 'mcp', workspace, ...args], stderr: 'pipe' });
    const err = { text: '' };
    transport.stderr?.on('data', (d: Buffer) => (err.text += d.toString()));
    const client = new Client({ name: 'reqtrace-test', version: '0.0.0' });
    await client.connect(transport);
    return new McpSession(client, err);
  }

  /** What the server wrote to standard error so far. */
  get stderr(): string {
    return this.err.text;
  }

  async call(name: string, args: Record<string, unknown> = {}): Promise<ToolAnswer> {
    const r = await this.client.callTool({ name, arguments: args });
    const content = r.content as Array<{ type: string; text: string }>;
    return { text: content.map((c) => c.text).join('\n'), structured: r.structuredContent, isError: r.isError === true };
  }

  close(): Promise<void> {
    return this.client.close();
  }
}
