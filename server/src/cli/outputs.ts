/**
 * Several reports in one run: `--format` and `--output` may repeat, and each
 * `--output` belongs to the `--format` written just before it. A format
 * without an output goes to standard output; at most one may.
 *
 *   check --format sarif --output r.sarif --format junit --output r.xml --format text
 *
 * With a single `--format`, its `--output` may come before or after it, as
 * it always could.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { InvalidArgumentError } from 'commander';
import { UsageError } from './usageError';

export interface OutputTarget<F extends string = string> {
  format: F;
  /** Path as the user gave it (relative to the current folder); undefined = standard output. */
  file?: string;
}

type Token = { format: string } | { output: string };

/**
 * Records `--format` and `--output` in command-line order. Commander calls
 * the option parsers once per occurrence, left to right, so the two parsers
 * share one list.
 */
export class OutputOptions<F extends string> {
  private readonly tokens: Token[] = [];

  constructor(readonly formats: readonly F[]) {}

  /** Parser for a repeatable `--format`. */
  readonly parseFormat = (value: string, previous: string[] = []): string[] => {
    if (!(this.formats as readonly string[]).includes(value)) {
      throw new InvalidArgumentError(`Allowed choices are ${this.formats.join(', ')}.`);
    }
    this.tokens.push({ format: value });
    return [...previous, value];
  };

  /** Parser for a repeatable `--output`. */
  readonly parseOutput = (value: string, previous: string[] = []): string[] => {
    this.tokens.push({ output: value });
    return [...previous, value];
  };

  /** The format/output pairs of this run. */
  targets(defaultFormat: F): Array<OutputTarget<F>> {
    const formats = this.tokens.flatMap((t) => ('format' in t ? [t.format as F] : []));
    const outputs = this.tokens.flatMap((t) => ('output' in t ? [t.output] : []));
    let targets: Array<OutputTarget<F>>;
    if (formats.length <= 1) {
      if (outputs.length > 1) throw new UsageError('several --output files need a --format each, written before each --output');
      targets = [{ format: formats[0] ?? defaultFormat, file: outputs[0] }];
    } else {
      targets = [];
      for (const t of this.tokens) {
        if ('format' in t) {
          targets.push({ format: t.format as F });
        } else {
          const last = targets[targets.length - 1];
          if (!last || last.file !== undefined) throw new UsageError(`--output ${t.output} follows no --format of its own`);
          last.file = t.output;
        }
      }
    }
    if (targets.filter((t) => t.file === undefined).length > 1) {
      throw new UsageError(
        `only one format can go to standard output; give the others an --output (${targets
          .filter((t) => t.file === undefined)
          .map((t) => t.format)
          .join(', ')})`,
      );
    }
    const seen = new Set<string>();
    for (const t of targets) {
      if (t.file === undefined) continue;
      const abs = path.resolve(t.file);
      if (seen.has(abs)) throw new UsageError(`--output ${t.file} is given twice`);
      seen.add(abs);
    }
    return targets;
  }
}

/** Writes every report: files first (their folders created), then standard output. */
export function writeOutputs(outputs: Array<{ file?: string; content: string | readonly string[] }>): void {
  for (const o of outputs) {
    if (o.file === undefined) continue;
    let fd: number | undefined;
    try {
      fs.mkdirSync(path.dirname(path.resolve(o.file)), { recursive: true });
      fd = fs.openSync(o.file, 'w');
      // A large report comes in batches: written one after another, never joined into one string.
      for (const batch of batchesOf(o.content)) fs.writeFileSync(fd, batch);
    } catch (e) {
      throw new UsageError(`cannot write ${o.file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    } finally {
      if (fd !== undefined) fs.closeSync(fd);
    }
  }
  for (const o of outputs) {
    if (o.file !== undefined) continue;
    for (const batch of batchesOf(o.content)) process.stdout.write(batch);
  }
}

function batchesOf(content: string | readonly string[]): readonly string[] {
  return typeof content === 'string' ? [content] : content;
}
