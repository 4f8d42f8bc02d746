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

/** A report: one string, or pieces made while they are written (reporters/index.ts `render`). */
export type OutputContent = string | Iterable<string>;

/**
 * Writes every report: files first (their folders created), then standard
 * output. A file is written whole or not at all (see writeReportFile).
 */
export function writeOutputs(outputs: Array<{ file?: string; content: OutputContent }>): void {
  for (const o of outputs) if (o.file !== undefined) writeReportFile(o.file, o.content);
  for (const o of outputs) {
    if (o.file !== undefined) continue;
    for (const piece of piecesOf(o.content)) process.stdout.write(piece);
  }
}

/**
 * Writes a report file as its pieces come. A regular file (or a new one) is
 * written beside its final name and renamed over it at the end, so a failed
 * write (disk full, a reporter's error) leaves the previous report as it was
 * and no half-written one; a device or pipe (`/dev/stdout`, `/dev/null`) is
 * written in place. An error of the file system is a UsageError naming the
 * file; an error of the content itself is thrown on as it is.
 */
export function writeReportFile(file: string, content: OutputContent): void {
  const fail = (e: unknown): never => {
    throw new UsageError(`cannot write ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  };
  let target = path.resolve(file);
  let existing: fs.Stats | undefined;
  try {
    fs.mkdirSync(path.dirname(target), { recursive: true });
    existing = statIfAny(target);
    // A symbolic link keeps pointing at the report: the file it names is replaced.
    if (existing?.isFile()) {
      target = fs.realpathSync(target);
      // Renaming over a file needs only the folder's permission: a read-only report stays as refused as before.
      fs.accessSync(target, fs.constants.W_OK);
    }
  } catch (e) {
    fail(e);
  }
  const inPlace = existing !== undefined && !existing.isFile();
  const written = inPlace ? target : path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.tmp`);
  let fd: number | undefined;
  try {
    try {
      fd = fs.openSync(written, inPlace ? 'w' : 'wx', existing ? existing.mode & 0o7777 : 0o666);
    } catch (e) {
      fail(e);
    }
    for (const piece of piecesOf(content)) {
      try {
        // writeFileSync on a descriptor writes the whole piece at the current position (writeSync may write part of it).
        fs.writeFileSync(fd!, piece);
      } catch (e) {
        fail(e);
      }
    }
    const closing = fd!;
    fd = undefined;
    try {
      fs.closeSync(closing);
      if (!inPlace) fs.renameSync(written, target);
    } catch (e) {
      fail(e);
    }
  } catch (e) {
    if (fd !== undefined) fs.closeSync(fd);
    if (!inPlace) fs.rmSync(written, { force: true });
    throw e;
  }
}

function statIfAny(file: string): fs.Stats | undefined {
  try {
    return fs.statSync(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

function piecesOf(content: OutputContent): Iterable<string> {
  return typeof content === 'string' ? [content] : content;
}
