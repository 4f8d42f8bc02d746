/**
 * The CLI's commands: resolve the workspace, run the engine, render, write.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildReport, createEngine, decode, type Diagnostic, type Engine, type GroupBy, groupRequirements, type Logger, matchProblems } from '../core';
import { diskEngineOptions, recheckPattern } from '../node';
import { loadBaseline } from './baseline';
import { changedFiles } from './changedFiles';
import { mergeDiagnostics, workspaceSuspects } from './suspects';
import { type OutputContent, writeOutputs, type OutputTarget } from './outputs';
import { readHistoryFile } from './reporters/html/historyFile';
import { render, type Format } from './reporters/index';
import { renderJson } from './reporters/jsonReporter';
import { renderMarkdown } from './reporters/markdownReporter';
import { buildTraceModel, type TraceModel } from './reporters/traceModel';
import { renderListText, renderTraceText, traceData } from './textReporter';
import { UsageError } from './usageError';

export { UsageError };

/** Options every command takes. */
export interface WorkspaceOptions {
  config?: string;
  /** Dialects to turn on besides the config's and the detected ones. */
  dialect?: string[];
  /** Folder of the persisted index. */
  cache?: string;
  /** File to write the input manifest to. */
  manifest?: string;
}

export interface CommonOptions extends WorkspaceOptions {
  format: 'text' | 'json';
  output?: string;
}

export interface CheckOptions extends WorkspaceOptions {
  failOn: 'error' | 'warning' | 'never';
  /** Fail when `summary.coverage` is below this percentage. */
  minCoverage?: number;
  /** Report only diagnostics in files changed since this git revision. */
  changedSince?: string;
  /** A git revision or an earlier `check --format json` output whose problems do not count toward --fail-on. */
  baseline?: string;
  /** Also report suspect references (their requirement changed after their line was committed); runs git. */
  suspects?: boolean;
}

export interface ReportOptions extends WorkspaceOptions {
  /** Group the requirements by this attribute (the JSON's `groups`, a section or column in the others). */
  groupBy?: GroupBy;
  /** The JSON of `reqtrace history --format json`, charted in the HTML report. */
  history?: string;
}

/** The program's name and version, as reports name their producer. */
export interface Tool {
  name: string;
  version: string;
}

export interface Workspace {
  root: string;
  /** Workspace-relative paths the user limited the run to ([] = everything): the only files read. */
  scope: string[];
}

/**
 * The workspace root: the single folder given, else the common folder of the
 * paths given, else the current folder. Several paths (or one file) are the
 * run's inputs: the engine reads only them, for definitions and references.
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

export const stderrLogger: Logger = {
  info: () => {},
  warn: (m) => process.stderr.write(`reqtrace: warning: ${m}\n`),
  error: (m) => process.stderr.write(`reqtrace: error: ${m}\n`),
};

/** One workspace-relative path per line, sorted: what an auditor compares with the intended input set. */
function writeManifest(file: string, inputs: string[]): void {
  try {
    fs.writeFileSync(file, inputs.map((f) => f + '\n').join(''));
  } catch (e) {
    throw new UsageError(`cannot write ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

/** The text of a `--config FILE`, with its path relative to the workspace root (undefined without the option). */
export function readConfigOption(config: string | undefined, root: string): { text: string; file: string } | undefined {
  if (!config) return undefined;
  const file = path.resolve(config);
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (e) {
    throw new UsageError(`cannot read config ${config}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  return { text: decode(bytes), file: path.relative(root, file).split(path.sep).join('/') };
}

/**
 * Indexes the workspace. With `everyRequirement` (check, report, list: they
 * ask for the coverage of every requirement), the coverage counts are made
 * in one pass over the files; nothing changes after the index.
 */
async function openWorkspace(paths: string[], opts: WorkspaceOptions, everyRequirement = true): Promise<{ engine: Engine; ws: Workspace }> {
  const ws = resolveWorkspace(paths);
  const configText = readConfigOption(opts.config, ws.root);
  const engine = await createEngine({
    ...diskEngineOptions(ws.root, {
      logger: stderrLogger,
      cacheDir: opts.cache ? path.resolve(opts.cache) : undefined,
      // The bundled CLI can run its own index workers (see node/indexWorker.ts).
      workerScript: __filename.endsWith('.js') ? __filename : undefined,
    }),
    configText,
    dialects: opts.dialect,
    scope: ws.scope,
    indexOnce: true,
  });
  if (opts.manifest) writeManifest(opts.manifest, engine.inputFiles());
  if (everyRequirement) engine.index.primeCoverageCounts();
  return { engine, ws };
}

export function inScope(file: string, scope: string[]): boolean {
  return scope.length === 0 || scope.some((s) => s === '' || file === s || file.startsWith(s + '/'));
}

function write(opts: CommonOptions, content: OutputContent): void {
  writeOutputs([{ file: opts.output, content }]);
}

const RANK = { info: 0, warning: 1, error: 2 } as const;

/** An invalid config is exit code 2, whatever else was found. */
function configFailed(engine: Engine): boolean {
  return engine.configProblems.length > 0;
}

/** The model every reporter renders: the report of the diagnostics kept, plus what people need to read it. */
function traceModel(engine: Engine, ws: Workspace, kept: Diagnostic[], all: Diagnostic[], tool: Tool): TraceModel {
  return buildTraceModel(engine, buildReport(engine, kept), all, { workspace: path.basename(ws.root), tool });
}

function renderAll(targets: Array<OutputTarget<Format>>, model: TraceModel): void {
  writeOutputs(targets.map((t) => ({ file: t.file, content: render(t.format, model) })));
}

export async function runCheck(
  paths: string[],
  opts: CheckOptions,
  targets: Array<OutputTarget<Format>>,
  tool: Tool,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const { engine, ws } = await openWorkspace(paths, opts);
  let changed: Set<string> | undefined;
  if (opts.changedSince !== undefined) {
    const c = changedFiles(ws.root, opts.changedSince);
    if (c.warning) process.stderr.write(`reqtrace: warning: ${c.warning}\n`);
    changed = c.files;
  }
  let all = engine.diagnostics();
  if (opts.suspects) all = mergeDiagnostics(all, await workspaceSuspects(engine, ws.root), engine.configFile);
  const kept = all.filter((d) => d.code === 'invalid-config' || changed === undefined || changed.has(d.file));
  const model = traceModel(engine, ws, kept, all, tool);
  const baseline =
    opts.baseline === undefined
      ? undefined
      : await loadBaseline(opts.baseline, ws.root, engine, { logger: stderrLogger, configText: readConfigOption(opts.config, ws.root), dialects: opts.dialect, checkPattern: recheckPattern });
  if (baseline) {
    const { existing } = matchProblems(baseline.diagnostics, model.report.diagnostics, baseline.match);
    model.report.diagnostics.forEach((d, i) => (d.baseline = existing[i] ? 'existing' : 'new'));
  }
  renderAll(targets, model);
  if (targets.some((t) => t.format === 'github') && env.GITHUB_STEP_SUMMARY) appendStepSummary(env.GITHUB_STEP_SUMMARY, model);

  if (configFailed(engine)) return 2;
  let code = 0;
  if (opts.failOn !== 'never') {
    const threshold = RANK[opts.failOn];
    // With a baseline, only the problems it does not have count.
    if (model.report.diagnostics.some((d) => d.baseline !== 'existing' && RANK[d.severity] >= threshold)) code = 1;
  }
  const coverage = model.report.summary.coverage;
  if (baseline && coverage < baseline.coverage) {
    process.stderr.write(`reqtrace: coverage ${coverage}% is below the baseline's ${baseline.coverage}%\n`);
    code = 1;
  }
  if (opts.minCoverage !== undefined && coverage < opts.minCoverage) {
    process.stderr.write(`reqtrace: coverage ${coverage}% is below --min-coverage ${opts.minCoverage}%\n`);
    code = 1;
  }
  return code;
}

export async function runReport(paths: string[], opts: ReportOptions, targets: Array<OutputTarget<Format>>, tool: Tool): Promise<number> {
  if (opts.history !== undefined && !targets.some((t) => t.format === 'html')) throw new UsageError('--history charts coverage over time in the HTML report: use it with --format html');
  // Read before indexing: a bad file fails at once.
  const history = opts.history === undefined ? undefined : readHistoryFile(opts.history);
  const { engine, ws } = await openWorkspace(paths, opts);
  const all = engine.diagnostics();
  const model = traceModel(engine, ws, all, all, tool);
  model.history = history;
  if (opts.groupBy) {
    model.groupBy = opts.groupBy;
    model.report.groups = groupRequirements(model.report.requirements, opts.groupBy);
  }
  renderAll(targets, model);
  return configFailed(engine) ? 2 : 0;
}

/** GitHub shows the Markdown appended to `$GITHUB_STEP_SUMMARY` on the run's summary page. */
function appendStepSummary(file: string, model: TraceModel): void {
  try {
    fs.appendFileSync(file, renderMarkdown(model) + '\n');
  } catch (e) {
    process.stderr.write(`reqtrace: warning: cannot append to GITHUB_STEP_SUMMARY ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
  }
}

export async function runList(paths: string[], opts: CommonOptions): Promise<number> {
  const { engine } = await openWorkspace(paths, opts);
  const report = buildReport(engine);
  write(opts, opts.format === 'json' ? renderJson(report.requirements) : renderListText(report));
  return configFailed(engine) ? 2 : 0;
}

export async function runTrace(id: string, paths: string[], opts: CommonOptions): Promise<number> {
  const { engine } = await openWorkspace(paths, opts, false);
  if (!engine.ids.isId(id)) throw new UsageError(`'${id}' is not a requirement ID (pattern ${engine.ids.source})`);
  const data = traceData(engine, id);
  if (data.definitions.length === 0 && data.references.length === 0) {
    process.stderr.write(`reqtrace: ${id} is neither defined nor referenced\n`);
    return 1;
  }
  write(opts, opts.format === 'json' ? renderJson(data) : renderTraceText(data));
  return configFailed(engine) ? 2 : 0;
}
