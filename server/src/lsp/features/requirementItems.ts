/**
 * Requirements as the Requirements view shows them (RequirementItem): their
 * coverage, error count and reference count, made in time slices so that
 * other requests are answered in between, and given up when the view asks
 * anew. Shared by the view by spec file and the grouped view.
 */
import type { CancellationToken } from 'vscode-languageserver/node';
import { errorsByRequirement, type RequirementDef, type RequirementHierarchy } from '../../core';
import type { RequirementItem, WorkspaceFolderRequirements } from '../../protocol';
import type { Session } from '../session';
import { TimeSlicer } from '../timeSlicer';
import type { Folder } from '../workspaces';

/**
 * The items of `defs` in `folder`. `ids` limits the error count to those
 * requirements; with `hierarchy`, each item carries its roll-up and its
 * number of children.
 */
export async function folderRequirements(
  session: Session,
  folder: Folder,
  defs: readonly RequirementDef[],
  pause: () => Promise<void>,
  ids?: ReadonlySet<string>,
  hierarchy?: RequirementHierarchy,
): Promise<WorkspaceFolderRequirements> {
  const engine = folder.engine;
  const errors = await errorsByRequirement(engine.index, engine.config, { ids, pause });
  const requirements: RequirementItem[] = [];
  for (const def of defs) {
    const cov = engine.coverage(def);
    const counts: Record<string, number> = { impl: 0, test: 0 };
    for (const [k, n] of cov.counts) counts[k] = n;
    // Every reference, whatever the version it pins (a strict requirement's counts are of its own version only).
    let referenceCount = 0;
    for (const n of (def.strictVersion ? engine.index.coverageCounts(def.id) : cov.counts).values()) referenceCount += n;
    requirements.push({
      id: def.id,
      title: def.title,
      status: def.status ?? null,
      version: def.version,
      uri: session.workspaces.uriOf(folder, def.file),
      file: def.file,
      line: def.range.start.line,
      character: def.range.start.character,
      covered: cov.covered,
      needs: cov.needs,
      missing: cov.missing,
      counts,
      errors: errors.get(def.id) ?? 0,
      referenceCount,
      release: def.release ?? null,
      tags: def.tags,
    });
    if (hierarchy) {
      const item = requirements[requirements.length - 1];
      item.rollup = hierarchy.rollup(def.id);
      item.children = hierarchy.childDefinitions(def.id).length;
    }
    await pause();
  }
  return { folder: folder.uri, name: folder.name, requirements };
}

/** Pauses between slices of work; throws `Cancelled` once the request is cancelled. */
export function slices(token: CancellationToken | undefined): () => Promise<void> {
  const slicer = new TimeSlicer();
  return async () => {
    await slicer.pause();
    if (token?.isCancellationRequested) throw new Cancelled();
  };
}

/** Runs `make`; a cancelled answer is empty (the view asked anew and will not read it). */
export async function answer<T>(make: () => Promise<T[]>): Promise<T[]> {
  try {
    return await make();
  } catch (e) {
    if (e instanceof Cancelled) return [];
    throw e;
  }
}

/** The view asked anew: this answer is no longer wanted. */
export class Cancelled extends Error {}
