/**
 * The CLI's commands: resolve the workspace, run the engine, render, write.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createEngine, decode, type Engine } from '../core/engine';
import type { Logger } from '../core/host';
import { NodeHost } from '../core/nodeHost';
import { buildReport } from '../core/report';
import { renderListText, renderTraceText, renderCheckText, traceData } from './textReporter';

export class UsageError extends Error {}

export interface CommonOptions {
  config?: string;
  format: 'text' | 'json';
  output?: string;
}

interface Workspace {
  root: string;
  /** Workspace-relative paths the user limited the run to ([] = everything). */
  scope: string[];
}

/**
 * The workspace root: the single folder given, else the common folder of the
 * paths given, else the current folder. Paths inside it limit the run.
 */
export function resolveWorkspace(paths: string[], cwd = process.cwd()): Workspace {
  if (paths.length === 0) return { root: cwd, scope: [] };
  const abs = paths.map((p) => path.resolve(cwd, p));
  for (const p of abs) {
    if (!fs.existsSync(p)) throw new UsageError(`no such file or folder: ${path.relative(cwd, p) || p}`);
  }
  if (abs.length === 1 && fs.statSync(abs[0]).isDirectory()) return { root: abs[0], scope: [] };
  let root = fs.statSync(abs[0]).isDirectory() ? abs[0] : path.dirname(abs[0]);
  for (const p of abs.slice(1)) {
    while (path.relative(root, p).startsWith('..')) root = path.dirname(root);
  }
  return { root, scope: abs.map((p) => path.relative(root, p).split(path.sep).join('/')) };
}

const stderrLogger: Logger = {
  info: () => {},
  warn: (m) => process.stderr.write(`reqtrace: warning: ${m}\n`),
  error: (m) => process.stderr.write(`reqtrace: error: ${m}\n`),
};

async function openWorkspace(paths: string[], opts: CommonOptions): Promise<{ engine: Engine; ws: Workspace }> {
  const ws = resolveWorkspace(paths);
  let configText: { text: string; file: string } | undefined;
  if (opts.config) {
    const file = path.resolve(opts.config);
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(file);
    } catch (e) {
      throw new UsageError(`cannot read config ${opts.config}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    configText = { text: decode(bytes), file: path.relative(ws.root, file).split(path.sep).join('/') };
  }
  const engine = await createEngine({ host: new NodeHost(ws.root, stderrLogger), logger: stderrLogger, configText });
  return { engine, ws };
}

function inScope(file: string, scope: string[]): boolean {
  return scope.length === 0 || scope.some((s) => s === '' || file === s || file.startsWith(s + '/'));
}

function write(opts: CommonOptions, content: string): void {
  if (opts.output) {
    try {
      fs.writeFileSync(opts.output, content);
    } catch (e) {
      throw new UsageError(`cannot write ${opts.output}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  } else {
    process.stdout.write(content);
  }
}

const RANK = { info: 0, warning: 1, error: 2 } as const;

/** An invalid config is exit code 2, whatever else was found. */
function configFailed(engine: Engine): boolean {
  return engine.configProblems.length > 0;
}

export async function runCheck(paths: string[], opts: CommonOptions & { failOn: 'error' | 'warning' | 'never' }): Promise<number> {
  const { engine, ws } = await openWorkspace(paths, opts);
  const diagnostics = engine.diagnostics().filter((d) => inScope(d.file, ws.scope) || d.code === 'invalid-config');
  const report = buildReport(engine, diagnostics);
  write(opts, opts.format === 'json' ? JSON.stringify(report, null, 2) + '\n' : renderCheckText(report));
  if (configFailed(engine)) return 2;
  if (opts.failOn === 'never') return 0;
  const threshold = RANK[opts.failOn];
  return diagnostics.some((d) => RANK[d.severity] >= threshold) ? 1 : 0;
}

export async function runList(paths: string[], opts: CommonOptions): Promise<number> {
  const { engine } = await openWorkspace(paths, opts);
  const report = buildReport(engine);
  write(opts, opts.format === 'json' ? JSON.stringify(report.requirements, null, 2) + '\n' : renderListText(report));
  return configFailed(engine) ? 2 : 0;
}

export async function runTrace(id: string, paths: string[], opts: CommonOptions): Promise<number> {
  const { engine } = await openWorkspace(paths, opts);
  if (!engine.ids.isId(id)) throw new UsageError(`'${id}' is not a requirement ID (pattern ${engine.ids.source})`);
  const data = traceData(engine, id);
  if (data.definitions.length === 0 && data.references.length === 0) {
    process.stderr.write(`reqtrace: ${id} is neither defined nor referenced\n`);
    return 1;
  }
  write(opts, opts.format === 'json' ? JSON.stringify(data, null, 2) + '\n' : renderTraceText(data));
  return configFailed(engine) ? 2 : 0;
}
