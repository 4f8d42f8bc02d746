/**
 * Data for the client's Requirements view: every requirement with its
 * coverage and error count (reqtrace/requirements), and one requirement's
 * references when the view expands it (reqtrace/requirementReferences).
 *
 * The view asks again after every change while it is shown, so the answer
 * is made in slices (requests such as hover are answered in between) and
 * stops when the view asks anew; it carries no reference lists (at 100k files
 * they were 1.2M references, 168 MB, and 8 s of the server's time).
 */
import type { CancellationToken } from 'vscode-languageserver/node';
import { errorsByRequirement } from '../../core/checks';
import type { RequirementItem, RequirementReference, WorkspaceFolderRequirements } from '../../protocol';
import type { Session } from '../session';
import { TimeSlicer } from '../timeSlicer';

export async function requirementsOf(session: Session, token?: CancellationToken): Promise<WorkspaceFolderRequirements[]> {
  const slicer = new TimeSlicer();
  const pause = async () => {
    await slicer.pause();
    if (token?.isCancellationRequested) throw new Cancelled();
  };
  const out: WorkspaceFolderRequirements[] = [];
  try {
    for (const folder of session.workspaces.all()) {
      const engine = folder.engine;
      const errors = await errorsByRequirement(engine.index, engine.config, pause);
      const requirements: RequirementItem[] = [];
      for (const def of engine.index.allDefinitions()) {
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
        });
        await pause();
      }
      out.push({ folder: folder.uri, name: folder.name, requirements });
    }
  } catch (e) {
    if (e instanceof Cancelled) return [];
    throw e;
  }
  return out;
}

/** The references of requirement `id` in the workspace folder of `uri`, by file and position. */
export function requirementReferences(session: Session, params: { uri: string; id: string }): RequirementReference[] {
  const ref = typeof params?.uri === 'string' && typeof params.id === 'string' ? session.resolve(params.uri) : undefined;
  if (!ref) return [];
  const { folder } = ref;
  return folder.engine.index.references(params.id).map((r) => ({
    uri: session.workspaces.uriOf(folder, r.file),
    file: r.file,
    line: r.range.start.line,
    character: r.range.start.character,
    kind: r.kind,
  }));
}

/** The view asked anew: this answer is no longer wanted. */
class Cancelled extends Error {}
