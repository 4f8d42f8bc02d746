/**
 * Making an engine that indexes a workspace: what every front starts with.
 * (The analysis-only engine an index worker thread runs is node/indexWorker.ts's.)
 */
import { Engine } from './engine';
import type { EngineOptions } from './engineOptions';
import { neverCancelled, type CancellationToken } from '../workspace/host';

/** Builds an engine and indexes the workspace. */
export async function createEngine(options: EngineOptions, token: CancellationToken = neverCancelled): Promise<Engine> {
  const engine = new Engine(options);
  await engine.loadConfig();
  await engine.indexAll(token);
  return engine;
}

export { decode } from '../workspace/readTextFile';
