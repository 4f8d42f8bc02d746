/**
 * Making engines: one that indexes a workspace (what every front starts
 * with), and the analysis-only one an index worker thread runs.
 */
import { Engine } from './engine';
import type { EngineOptions } from './engineOptions';
import type { WorkerJob } from '../index/indexWorker';
import type { FileEntry } from '../index/fileEntry';
import { neverCancelled, type CancellationToken } from '../workspace/host';
import { NodeHost } from '../workspace/nodeHost';

/** The analysis a worker thread runs for a job: an engine of its own, with the parent's config and dialects. */
export function workerAnalyzer(job: WorkerJob): (file: string, text: string) => FileEntry | undefined {
  const engine = new Engine({ host: new NodeHost(job.root), dialects: job.dialects });
  engine.setKnownFiles(job.knownFiles);
  engine.applyConfigText(job.configText);
  return (file, text) => {
    const role = engine.classifier.roleOf(file);
    return role ? engine.analyze(file, text, role) : undefined;
  };
}

/** Builds an engine and indexes the workspace. */
export async function createEngine(options: EngineOptions, token: CancellationToken = neverCancelled): Promise<Engine> {
  const engine = new Engine(options);
  await engine.loadConfig();
  await engine.indexAll(token);
  return engine;
}

export { decode } from '../workspace/readTextFile';
