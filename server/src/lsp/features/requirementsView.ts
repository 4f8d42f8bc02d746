/**
 * Data for the client's Requirements view, asked for level by level as the
 * view is expanded: the spec files with their coverage counts
 * (reqtrace/specFiles), a spec file's requirements (reqtrace/requirements
 * with its uri), a requirement's references (reqtrace/requirementReferences).
 * The Go to Requirement picker asks for the best matches of what is typed
 * (reqtrace/requirements with a query). Grouped by release, tag or
 * hierarchy, the view asks groupedView.ts's handlers instead.
 *
 * The view asks again after every change while it is shown. At 100k files,
 * one answer with every requirement and reference was 168 MB of JSON and 8 s
 * of the server's time; now the top level is read off running totals, and
 * the requirements are made in slices (requests such as hover are answered
 * in between) and given up when the view asks anew.
 */
import type { CancellationToken } from 'vscode-languageserver/node';
import { rankRequirements } from '../../core';
import type { RequirementReference, RequirementsParams, WorkspaceFolderRequirements, WorkspaceFolderSpecFiles } from '../../protocol';
import type { Session } from '../session';
import { groupPage } from './groupedView';
import { answer, folderRequirements, slices } from './requirementItems';

/**
 * The top of the view: every folder's spec files with how many of their
 * requirements need coverage and have it, from the running totals the
 * session keeps for the status bar (as current as the summary, and no walk).
 */
export function specFilesOf(session: Session): WorkspaceFolderSpecFiles[] {
  return session.workspaces.all().map((folder) => ({
    folder: folder.uri,
    name: folder.name,
    files: session
      .specFileCounts(folder)
      .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0))
      .map((f) => ({ uri: session.workspaces.uriOf(folder, f.file), ...f })),
  }));
}

/** Matches a search sends at most (per folder), whatever `limit` asks. */
const MAX_MATCHES = 1000;

/**
 * Every requirement with its coverage and error count; with `uri`, those of
 * that spec file only; with `query`, the best `limit` matches in each folder.
 */
export async function requirementsOf(
  session: Session,
  params: RequirementsParams | undefined,
  token?: CancellationToken,
): Promise<WorkspaceFolderRequirements[]> {
  const pause = slices(token);
  return answer(async () => {
    if (typeof params?.folder === 'string' && (params.group !== undefined || params.parent !== undefined)) return groupPage(session, params, pause);
    if (typeof params?.uri === 'string') {
      const ref = session.resolve(params.uri);
      const defs = ref?.folder.engine.index.entry(ref.file)?.defs ?? [];
      if (!ref || defs.length === 0) return [];
      return [await folderRequirements(session, ref.folder, defs, pause, new Set(defs.map((d) => d.id)))];
    }
    if (typeof params?.query === 'string') {
      const limit = Math.max(1, Math.min(MAX_MATCHES, Number.isInteger(params.limit) ? params.limit! : MAX_MATCHES));
      const out: WorkspaceFolderRequirements[] = [];
      for (const folder of session.workspaces.all()) {
        const defs = rankRequirements(folder.engine.index.eachDefinition(), params.query, limit, true);
        out.push(await folderRequirements(session, folder, defs, pause, new Set(defs.map((d) => d.id))));
      }
      return out;
    }
    const out: WorkspaceFolderRequirements[] = [];
    for (const folder of session.workspaces.all()) out.push(await folderRequirements(session, folder, folder.engine.index.allDefinitions(), pause));
    return out;
  });
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
