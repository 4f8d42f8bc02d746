/**
 * Making engines: one that indexes a workspace (what every front starts
 * with), and the analysis-only one an index worker thread runs.
 */
import { Engine } from './engine';
import type { EngineOptions } from './engineOptions';
import type { WorkerAnalyze, WorkerJob } from '../index/indexWorker';
import { needsNoText } from '../index/analyzeFile';
import type { FileRole } from '../workspace/fileSelection';
import { neverCancelled, type CancellationToken } from '../workspace/host';
import { NodeHost } from '../workspace/nodeHost';

/** The analysis a worker thread runs for a job: an engine of its own, with the parent's config and dialects. */
export function workerAnalyzer(job: WorkerJob): WorkerAnalyze {
  const engine = new Engine({ host: new NodeHost(job.root), dialects: job.dialects });
  engine.setKnownFiles(job.knownFiles);
  engine.applyConfigText(job.configText);
  // The role of the file last asked about, so that deciding to skip its text and analysing it classify it once.
  let last: { file: string; role: FileRole | undefined } = { file: '', role: undefined };
  const roleOf = (file: string) => (last.file === file ? last.role : (last = { file, role: engine.classifier.roleOf(file) }).role);
  return Object.assign(
    (file: string, text: string) => {
      const role = roleOf(file);
      return role ? engine.analyze(file, text, role) : undefined;
    },
    {
      needsNoText: (file: string, bytes: Uint8Array) => {
        const role = roleOf(file);
        return role !== undefined && needsNoText(engine, role, bytes);
      },
    },
  );
}

/** Builds an engine and indexes the workspace. */
export async function createEngine(options: EngineOptions, token: CancellationToken = neverCancelled): Promise<Engine> {
  const engine = new Engine(options);
  await engine.loadConfig();
  await engine.indexAll(token);
  return engine;
}

export { decode } from '../workspace/readTextFile';
