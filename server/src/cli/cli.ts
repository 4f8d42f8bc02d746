/**
 * `reqtrace`: the headless CLI. Same engine as the language server.
 * Exit codes: 0 = nothing at or above --fail-on, 1 = something is,
 * 2 = usage or configuration error.
 */
import { Command, CommanderError, Option } from 'commander';
import { runCheck, runList, runTrace, UsageError, type CommonOptions } from './commands';

const FORMATS = ['text', 'json'];

function program(): Command {
  const prog = new Command('reqtrace')
    .description('Requirement traceability: checks that requirements defined in specs are referenced from code and tests.')
    .version(process.env.REQTRACE_VERSION ?? '0.1.0')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });

  const common = (cmd: Command) =>
    cmd
      .argument('[paths...]', 'workspace folder (default: the current folder), or files and folders inside one')
      .option('--config <file>', 'configuration file (default: <workspace>/reqtrace.yaml)')
      .addOption(new Option('--format <format>', 'output format').choices(FORMATS).default('text'))
      .option('--output <file>', 'write the report to a file instead of standard output');

  common(prog.command('check'))
    .description('index the workspace and report traceability problems')
    .addOption(
      new Option('--fail-on <severity>', 'exit 1 when a diagnostic is at or above this severity')
        .choices(['error', 'warning', 'never'])
        .default('error'),
    )
    .action(async (paths: string[], opts: CommonOptions & { failOn: 'error' | 'warning' | 'never' }) => {
      process.exitCode = await runCheck(paths, opts);
    });

  common(prog.command('list'))
    .description('list requirements with their coverage')
    .action(async (paths: string[], opts: CommonOptions) => {
      process.exitCode = await runList(paths, opts);
    });

  prog
    .command('trace')
    .description('show the definition of a requirement and every reference to it')
    .argument('<id>', 'requirement ID')
    .argument('[paths...]', 'workspace folder (default: the current folder)')
    .option('--config <file>', 'configuration file (default: <workspace>/reqtrace.yaml)')
    .addOption(new Option('--format <format>', 'output format').choices(FORMATS).default('text'))
    .option('--output <file>', 'write the report to a file instead of standard output')
    .action(async (id: string, paths: string[], opts: CommonOptions) => {
      process.exitCode = await runTrace(id, paths, opts);
    });
  return prog;
}

async function main(argv: string[]): Promise<void> {
  try {
    await program().parseAsync(argv);
  } catch (e) {
    if (e instanceof CommanderError) {
      // Help and version are not errors; everything else commander rejects is usage.
      process.exitCode = e.exitCode === 0 ? 0 : 2;
      return;
    }
    if (e instanceof UsageError) {
      process.stderr.write(`reqtrace: ${e.message}\n`);
      process.exitCode = 2;
      return;
    }
    process.stderr.write(`reqtrace: internal error: ${(e as Error).stack ?? e}\n`);
    process.exitCode = 3;
  }
}

void main(process.argv);
