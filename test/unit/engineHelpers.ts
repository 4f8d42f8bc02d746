/** Shared by the engine-level tests: an indexed in-memory workspace, and diagnostics as `file:line:col code`. */
import { type Engine } from '../../server/src/core/engine/engine';
import { createEngine } from '../../server/src/core/engine/createEngine';
import { MemoryHost } from '../../server/src/core/workspace/host';

export function engineFor(files: Record<string, string>, dialects: string[] = []): Promise<Engine> {
  return createEngine({ host: new MemoryHost(files), dialects });
}

export function diagKeys(engine: Engine): string[] {
  return engine.diagnostics().map((d) => `${d.file}:${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code}`);
}
