/**
 * `reqtrace`: the headless CLI. Same engine as the language server.
 * Exit codes: 0 = nothing at or above --fail-on, 1 = something is (or the
 * coverage is below --min-coverage), 2 = usage or configuration error.
 */
// First: it starts a thread that loads while the rest does.
import './earlyStats';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { version } from '../../../package.json';
import { dialectNames, GROUP_BY } from '../core';
import { runIndexWorkerIfAny } from '../node';
import { runCheck, runList, runReport, runTrace, UsageError, type CheckOptions, type CommonOptions, type ReportOptions } from './commands';
import { runMcp, type McpCommandOptions } from './mcpCommand';
import { GitError } from '../git/gitProcess';
import { runDiff, type DiffCommandOptions } from './diffCommand';
import { DIFF_FORMATS, type DiffFormat } from './reporters/diffReporters';
import { runHistory, type HistoryCommandOptions } from './historyCommand';
import { HISTORY_FORMATS } from './reporters/historyReporters';
import { OutputOptions } from './outputs';
import { CHECK_FORMATS, REPORT_FORMATS, type Format } from './reporters/index';

const TOOL = { name: 'reqtrace', version };

const LIST_FORMATS = ['text', 'json'];

function program(env: NodeJS.ProcessEnv): Command {
  const prog = new Command('reqtrace')
    .description('Requirement traceability: checks that requirements defined in specs are referenced from code and tests.')
    .version(version)
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });

  const paths = (cmd: Command) =>
    cmd
      .argument('[paths...]', 'workspace folder (default: the current folder); or files and folders: then only they are read, and their common folder is the workspace')
      .option('--config <file>', 'configuration file (default: <workspace>/reqtrace.yaml)')
      .option('--dialect <name>', `also read this tool's format: ${dialectNames().join(', ')}; repeatable`, parseDialect)
      .option('--cache <dir>', 'keep a persisted index in this folder for fast warm runs (outside the repository)')
      .option('--manifest <file>', 'write the list of workspace files whose content went into the result');

  /** Repeatable --format/--output pairs (see outputs.ts). */
  const outputs = <F extends string>(cmd: Command, formats: readonly F[], defaultNote: string) => {
    const o = new OutputOptions<F>(formats);
    cmd
      .option('--format <format>', `output format: ${formats.join(', ')} (${defaultNote}); repeatable`, o.parseFormat)
      .option('--output <file>', 'write the preceding --format to this file instead of standard output; repeatable', o.parseOutput);
    return o;
  };

  const check = paths(prog.command('check')).description('index the workspace and report traceability problems');
  const checkOutputs = outputs(check, CHECK_FORMATS, 'default: text, or github when GITHUB_ACTIONS=true');
  check
    .addOption(
      new Option('--fail-on <severity>', 'exit 1 when a diagnostic is at or above this severity')
        .choices(['error', 'warning', 'never'])
        .default('error'),
    )
    .option('--min-coverage <percent>', 'exit 1 when the coverage is below this percentage (0-100)', parsePercent)
    .option('--changed-since <ref>', 'report only diagnostics in files changed since this git revision (merge base with HEAD)')
    .option(
      '--baseline <rev|file>',
      'problems that already exist at this git revision, or in this earlier check --format json output, do not count toward --fail-on; a coverage below the baseline\'s exits 1',
    )
    .option('--suspects', "also report references whose requirement changed after their line was last committed (suspect-reference; runs git)")
    .action(async (p: string[], opts: CheckOptions) => {
      const fallback: Format = env.GITHUB_ACTIONS === 'true' ? 'github' : 'text';
      process.exitCode = await runCheck(p, opts, checkOutputs.targets(fallback), TOOL, env);
    });

  const diff = prog
    .command('diff')
    .description('compare the traceability of two git revisions: requirements changed, suspect references, new and fixed problems, coverage')
    .argument('<base>', 'git revision to compare with (a branch, tag or commit)')
    .argument('[paths...]', 'workspace folder (default: the current folder), or files and folders inside one')
    .option('--head <rev>', 'git revision to compare (default: the working tree, uncommitted edits included)')
    .option('--config <file>', 'configuration file for both sides (default: each side\'s own reqtrace.yaml)')
    .option('--dialect <name>', `also read this tool's format: ${dialectNames().join(', ')}; repeatable`, parseDialect);
  const diffOutputs = outputs(diff, DIFF_FORMATS, 'default: text, or github when GITHUB_ACTIONS=true');
  diff
    .addOption(
      new Option('--fail-on <severity>', 'exit 1 when a new problem is at or above this severity')
        .choices(['error', 'warning', 'never'])
        .default('error'),
    )
    .action(async (base: string, p: string[], opts: DiffCommandOptions) => {
      const fallback: DiffFormat = env.GITHUB_ACTIONS === 'true' ? 'github' : 'text';
      process.exitCode = await runDiff(base, p, opts, diffOutputs.targets(fallback), env);
    });

  const history = prog
    .command('history')
    .description('coverage over time: one point per first-parent commit (or per day or week), oldest first, read from git objects')
    .argument('[paths...]', 'workspace folder (default: the current folder)')
    .option('--since <rev|date>', 'start at this revision (its point included) or date')
    .option('--until <rev>', 'end at this revision (default: HEAD)')
    .option('--max-count <n>', 'only the last N commits', parseCount)
    .addOption(new Option('--every <period>', 'one point per commit, or per day or week (the last commit of each)').choices(['commit', 'day', 'week']).default('commit'))
    .option('--config <file>', "configuration file for every commit (default: each commit's own reqtrace.yaml)")
    .option('--dialect <name>', `also read this tool's format: ${dialectNames().join(', ')}; repeatable`, parseDialect);
  const historyOutputs = outputs(history, HISTORY_FORMATS, 'default: text');
  history.action(async (p: string[], opts: HistoryCommandOptions) => {
    process.exitCode = await runHistory(p, opts, historyOutputs.targets('text'), env);
  });

  const report = paths(prog.command('report')).description('write a traceability report: HTML page, CSV table or Markdown summary');
  const reportOutputs = outputs(report, REPORT_FORMATS, 'default: html');
  report.addOption(new Option('--group-by <attribute>', 'group the requirements, with coverage per group').choices(GROUP_BY));
  report.option('--history <file>', 'chart coverage over time in the HTML report, from the JSON of `reqtrace history --format json`');
  report.action(async (p: string[], opts: ReportOptions) => {
    process.exitCode = await runReport(p, opts, reportOutputs.targets('html'), TOOL);
  });

  paths(prog.command('list'))
    .description('list requirements with their coverage')
    .addOption(new Option('--format <format>', 'output format').choices(LIST_FORMATS).default('text'))
    .option('--output <file>', 'write the list to a file instead of standard output')
    .action(async (p: string[], opts: CommonOptions) => {
      process.exitCode = await runList(p, opts);
    });

  prog
    .command('trace')
    .description('show the definition of a requirement and every reference to it')
    .argument('<id>', 'requirement ID')
    .argument('[paths...]', 'workspace folder (default: the current folder); or files and folders: then only they are read, and their common folder is the workspace')
    .option('--config <file>', 'configuration file (default: <workspace>/reqtrace.yaml)')
    .option('--dialect <name>', `also read this tool's format: ${dialectNames().join(', ')}; repeatable`, parseDialect)
    .addOption(new Option('--format <format>', 'output format').choices(LIST_FORMATS).default('text'))
    .option('--output <file>', 'write the report to a file instead of standard output')
    .action(async (id: string, p: string[], opts: CommonOptions) => {
      process.exitCode = await runTrace(id, p, opts);
    });

  prog
    .command('mcp')
    .description('serve the workspace to coding agents: an MCP (Model Context Protocol) server on standard input and output')
    .argument('[path]', 'workspace folder (default: the current folder)')
    .option('--config <file>', 'configuration file (default: <workspace>/reqtrace.yaml)')
    .option('--dialect <name>', `also read this tool's format: ${dialectNames().join(', ')}; repeatable`, parseDialect)
    .action(async (p: string | undefined, opts: McpCommandOptions) => {
      process.exitCode = await runMcp(p, opts, TOOL);
    });
  return prog;
}

function parseDialect(value: string, previous: string[] = []): string[] {
  if (!dialectNames().includes(value)) throw new InvalidArgumentError(`Known dialects are ${dialectNames().join(', ')}.`);
  return [...previous, value];
}

function parseCount(value: string): number {
  if (!/^\s*\d+\s*$/.test(value) || Number(value) < 1) throw new InvalidArgumentError('must be a whole number, 1 or more.');
  return Number(value);
}

function parsePercent(value: string): number {
  const n = Number(value);
  if (!/^\s*\d+(\.\d+)?\s*$/.test(value) || !(n >= 0 && n <= 100)) {
    throw new InvalidArgumentError('must be a number from 0 to 100.');
  }
  return n;
}

async function main(argv: string[]): Promise<void> {
  try {
    await program(process.env).parseAsync(argv);
  } catch (e) {
    if (e instanceof CommanderError) {
      // Help and version are not errors; everything else commander rejects is usage.
      process.exitCode = e.exitCode === 0 ? 0 : 2;
      return;
    }
    if (e instanceof UsageError || e instanceof GitError) {
      process.stderr.write(`reqtrace: ${e.message}\n`);
      process.exitCode = 2;
      return;
    }
    process.stderr.write(`reqtrace: internal error: ${(e as Error).stack ?? e}\n`);
    process.exitCode = 3;
  }
}

// The same bundle runs the CLI's index worker threads.
if (!runIndexWorkerIfAny()) void main(process.argv);
