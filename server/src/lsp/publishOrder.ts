/**
 * The order of a folder's first full publish: the config, then the files
 * open in an editor (the user looks at those, and at 100k files the last
 * ones pushed wait seconds), then every other file of the index.
 */
import type { Engine } from '../core';

/** Every file to publish, each once, the config and the open files first. */
export function* openFilesFirst(engine: Pick<Engine, 'configFile' | 'index'>, openFiles: readonly string[]): Iterable<string> {
  yield engine.configFile;
  const open = new Set(openFiles.filter((f) => f !== engine.configFile && engine.index.entry(f) !== undefined));
  yield* open;
  for (const file of engine.index.files()) if (!open.has(file)) yield file;
}
