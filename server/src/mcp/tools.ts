/**
 * The MCP tools: their names, descriptions and argument and result schemas,
 * and one wrapper that brings the index up to date with the disk before each
 * answer and turns a bad argument into a tool error (never a crash).
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { DIAGNOSTIC_CODES, type DiskSync, type Engine } from '../core';
import type { CommitIndexOptions } from '../git/revisions';
import { DEFAULT_ITEMS, DEFAULT_REFERENCES, limitOf, MAX_ITEMS } from './bounds';
import { impactAnswer } from './impactAnswer';
import { referencesAnswer, requirementAnswer, searchAnswer, type Answer } from './requirementAnswers';
import { checkAnswer, uncoveredAnswer } from './workspaceAnswers';
import { ToolInputError } from './workspacePath';

export interface ToolContext {
  engine: Engine;
  root: string;
  sync: DiskSync;
  /** Where problems go: standard error (standard output is the protocol). */
  log: (message: string) => void;
  /** How the workspace is indexed (`--config FILE`, `--dialect`): other revisions are indexed alike. */
  indexOptions: CommitIndexOptions;
}

const limit = (fallback: number) =>
  z.number().int().min(1).optional().describe(`most items to list (default ${fallback}, at most ${MAX_ITEMS}; the answer says how many were left out)`);
const id = z.string().min(1).max(200).describe('requirement ID, e.g. AUTH-001');
const location = { file: z.string(), line: z.number(), column: z.number() };
const reference = z.object({ ...location, kind: z.string(), pin: z.number().nullable() });
const capped = { total: z.number(), truncated: z.number().describe('items left out of the list') };
const counts = z.record(z.string(), z.number());
const notes = z.array(z.string()).optional();

/** Read-only, and about this workspace only. */
const annotations = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false };

export function registerTools(server: McpServer, ctx: ToolContext): void {
  const answer = (compute: () => Answer | Promise<Answer>) => run(ctx, compute);

  server.registerTool(
    'reqtrace_requirement',
    {
      title: 'Requirement',
      description:
        'Everything about one requirement: title, text, status, version, release, tags, parent and child links, coverage (which kinds of reference it needs and has), where it is defined, and its references in code and tests.',
      inputSchema: { id, referenceLimit: limit(DEFAULT_REFERENCES) },
      outputSchema: {
        id: z.string(),
        title: z.string(),
        status: z.string().nullable(),
        version: z.number(),
        release: z.string().nullable(),
        tags: z.array(z.string()),
        parents: z.array(z.string()),
        children: z.array(z.string()),
        text: z.string(),
        textTruncated: z.boolean(),
        coverage: z.object({ covered: z.boolean(), exempt: z.boolean(), needs: z.array(z.string()), missing: z.array(z.string()), counts, summary: z.string() }),
        definitions: z.array(z.object(location)),
        definitionCount: z.number(),
        references: z.array(reference),
        referenceCount: z.number(),
        referencesTruncated: z.number(),
      },
      annotations,
    },
    async (a) => answer(() => requirementAnswer(ctx.engine, a.id.trim(), limitOf(a.referenceLimit, DEFAULT_REFERENCES))),
  );

  server.registerTool(
    'reqtrace_references',
    {
      title: 'References',
      description: 'Where a requirement ID is referenced in code and tests (file, line, column, coverage kind, version pin), optionally with where it is defined. Also answers for an ID that is referenced but defined nowhere.',
      inputSchema: {
        id,
        includeDefinitions: z.boolean().optional().describe('also list where the ID is defined'),
        kind: z.string().max(50).optional().describe('only references of this coverage kind, e.g. impl or test'),
        limit: limit(DEFAULT_ITEMS),
      },
      outputSchema: { id: z.string(), defined: z.boolean(), title: z.string().nullable(), ...capped, references: z.array(reference), definitions: z.array(z.object(location)).optional() },
      annotations,
    },
    async (a) => answer(() => referencesAnswer(ctx.engine, a.id.trim(), { includeDefinitions: a.includeDefinitions ?? false, kind: a.kind, limit: limitOf(a.limit) })),
  );

  server.registerTool(
    'reqtrace_uncovered',
    {
      title: 'Uncovered requirements',
      description:
        'Requirements that need coverage (implementation, tests, or the kinds the spec names) and lack some, in spec order, with what each is missing. Filter by the spec file or folder that defines them, by tag, or by release.',
      inputSchema: {
        file: z.string().max(4096).optional().describe('a spec file or folder, relative to the workspace root'),
        tag: z.string().max(200).optional().describe('only requirements with this tag (case-insensitive)'),
        release: z.string().max(200).optional().describe('only requirements of this release (case-insensitive)'),
        limit: limit(DEFAULT_ITEMS),
      },
      outputSchema: {
        ...capped,
        requirements: z.array(
          z.object({
            id: z.string(),
            title: z.string(),
            status: z.string().nullable(),
            release: z.string().nullable(),
            file: z.string(),
            line: z.number(),
            needs: z.array(z.string()),
            missing: z.array(z.string()),
            counts,
            tags: z.array(z.string()),
          }),
        ),
        notes,
      },
      annotations,
    },
    async (a) => answer(() => uncoveredAnswer(ctx.engine, ctx.root, { file: a.file, tag: a.tag, release: a.release }, limitOf(a.limit))),
  );

  server.registerTool(
    'reqtrace_check',
    {
      title: 'Check',
      description:
        'Traceability diagnostics (unknown or deprecated requirement references, stale version pins, uncovered requirements, broken or cyclic links, invalid specs or config) of one file, a folder, or the whole workspace, errors first; for the workspace, also the coverage summary.',
      inputSchema: {
        file: z.string().max(4096).optional().describe('a file or folder relative to the workspace root (default: the whole workspace)'),
        minSeverity: z.enum(['error', 'warning', 'info']).optional().describe('leave out diagnostics below this severity'),
        code: z.enum(DIAGNOSTIC_CODES).optional().describe('only diagnostics with this code'),
        limit: limit(DEFAULT_ITEMS),
      },
      outputSchema: {
        scope: z.string(),
        errors: z.number(),
        warnings: z.number(),
        infos: z.number(),
        ...capped,
        diagnostics: z.array(
          z.object({
            severity: z.string(),
            code: z.string(),
            message: z.string(),
            ...location,
            endLine: z.number(),
            endColumn: z.number(),
            requirement: z.string().nullable(),
          }),
        ),
        summary: z
          .object({ requirements: z.number(), covered: z.number(), uncovered: z.number(), exempt: z.number(), references: z.number(), coverage: z.number() })
          .optional(),
        notes,
      },
      annotations,
    },
    async (a) => answer(() => checkAnswer(ctx.engine, ctx.root, { file: a.file, minSeverity: a.minSeverity, code: a.code }, limitOf(a.limit))),
  );

  server.registerTool(
    'reqtrace_search',
    {
      title: 'Search requirements',
      description: 'Requirements whose ID or title matches a query, best first: IDs starting with it, IDs containing it, titles containing it, spec paths containing it, then titles holding every word of it.',
      inputSchema: { query: z.string().min(1).max(200).describe('part of an ID, or words of a title'), limit: limit(DEFAULT_ITEMS) },
      outputSchema: {
        query: z.string(),
        ...capped,
        matches: z.array(z.object({ id: z.string(), title: z.string(), status: z.string().nullable(), ...location })),
      },
      annotations,
    },
    async (a) => answer(() => searchAnswer(ctx.engine, a.query, limitOf(a.limit))),
  );

  const diffReference = { requirement: z.string(), file: z.string(), line: z.number(), kind: z.string() };
  const count = z.object(capped);
  const totals = z.object({ needing: z.number(), covered: z.number(), coverage: z.number() });
  server.registerTool(
    'reqtrace_impact',
    {
      title: 'Impact of a change',
      description:
        'What a change did to the requirements, as `reqtrace diff` tells it: by default the working tree (your edits, staged or not, and new files) against the last commit. ' +
        'Requirements added, removed and changed (which fields), references added and removed, suspects (references and child requirements to review because a requirement they point to changed its title, text, status or needs), problems new and fixed, and coverage before and after. Reads git, never writes it.',
      inputSchema: {
        base: z.string().min(1).max(500).optional().describe('the git revision to compare against (default HEAD: the last commit)'),
        head: z.string().min(1).max(500).optional().describe('a git revision to compare (default: the working tree)'),
        limit: limit(DEFAULT_ITEMS),
      },
      outputSchema: {
        version: z.number(),
        base: z.string().describe("the base commit's SHA"),
        head: z.string().describe("the head commit's SHA, or worktree"),
        requirements: z.object({
          added: z.array(z.string()),
          removed: z.array(z.string()),
          changed: z.array(z.object({ id: z.string(), title: z.string(), fields: z.array(z.string()) })),
        }),
        references: z.object({ added: z.array(z.object(diffReference)), removed: z.array(z.object(diffReference)) }),
        suspects: z.array(z.object({ ...diffReference, fields: z.array(z.string()) })),
        problems: z.object({ new: z.array(z.record(z.string(), z.unknown())), fixed: z.array(z.record(z.string(), z.unknown())) }),
        coverage: z.object({ base: totals, head: totals }),
        counts: z.record(z.string(), count).describe('each list: its length and the items left out'),
        truncated: z.number().describe('items left out of all the lists'),
      },
      annotations,
    },
    async (a) => answer(() => impactAnswer(ctx.root, ctx.indexOptions, ctx.engine, { base: a.base ?? 'HEAD', head: a.head }, limitOf(a.limit))),
  );
}

/** Brings the index up to date, then answers; a bad argument or a failure is a tool error with its reason. */
async function run(ctx: ToolContext, compute: () => Answer | Promise<Answer>): Promise<CallToolResult> {
  try {
    // No other call's sync changes the index until this answer is made, even one that awaits (reqtrace_impact).
    const a = await ctx.sync.whileSynced(async (synced) => {
      if (synced.reindexed) ctx.log(`indexed the workspace again: ${synced.reindexed}`);
      else if (synced.changed.length > 0) ctx.log(`re-read ${synced.changed.length} changed file${synced.changed.length === 1 ? '' : 's'}`);
      return compute();
    });
    return { content: [{ type: 'text', text: a.text }], structuredContent: a.structured };
  } catch (e) {
    if (!(e instanceof ToolInputError)) ctx.log(`error: ${(e as Error).stack ?? e}`);
    const message = e instanceof ToolInputError ? e.message : `internal error: ${(e as Error).message}`;
    return { content: [{ type: 'text', text: message }], isError: true };
  }
}
