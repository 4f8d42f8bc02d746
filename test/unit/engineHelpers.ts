/** Shared by the engine-level tests: an indexed in-memory workspace, diagnostics as `file:line:col code`, and a logger that keeps its lines. */
import { type Engine } from '../../server/src/core/engine/engine';
import { createEngine } from '../../server/src/core/engine/createEngine';
import { MemoryHost, type Logger } from '../../server/src/core/workspace/host';

export function engineFor(files: Record<string, string>, dialects: string[] = []): Promise<Engine> {
  return createEngine({ host: new MemoryHost(files), dialects });
}

export function diagKeys(engine: Engine): string[] {
  return engine.diagnostics().map((d) => `${d.file}:${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code}`);
}

/** A logger that keeps every message, as `info …`, `warn …` or `error …`. */
export class RecordingLogger implements Logger {
  readonly lines: string[] = [];
  info(m: string): void {
    this.lines.push(`info ${m}`);
  }
  warn(m: string): void {
    this.lines.push(`warn ${m}`);
  }
  error(m: string): void {
    this.lines.push(`error ${m}`);
  }
  has(re: RegExp): boolean {
    return this.lines.some((l) => re.test(l));
  }
}
