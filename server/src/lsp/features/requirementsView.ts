/**
 * Data for the client's Requirements view (reqtrace/requirements).
 */
import type { RequirementItem, WorkspaceFolderRequirements } from '../../protocol';
import type { Session } from '../session';

export function requirementsOf(session: Session): WorkspaceFolderRequirements[] {
  return session.workspaces.all().map((folder) => {
    const engine = folder.engine;
    const errorsById = new Map<string, number>();
    for (const d of engine.diagnostics()) {
      if (d.severity === 'error' && d.requirement) errorsById.set(d.requirement, (errorsById.get(d.requirement) ?? 0) + 1);
    }
    const requirements: RequirementItem[] = engine.index.allDefinitions().map((def) => {
      const cov = engine.coverage(def);
      const counts: Record<string, number> = { impl: 0, test: 0 };
      for (const [k, n] of cov.counts) counts[k] = n;
      return {
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
        errors: errorsById.get(def.id) ?? 0,
        references: engine.index.references(def.id).map((r) => ({
          uri: session.workspaces.uriOf(folder, r.file),
          file: r.file,
          line: r.range.start.line,
          character: r.range.start.character,
          kind: r.kind,
        })),
      };
    });
    return { folder: folder.uri, name: folder.name, requirements };
  });
}
