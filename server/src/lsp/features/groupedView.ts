/**
 * The Requirements view grouped by release, tag or hierarchy, asked for one
 * level at a time like the view by spec file: the groups with their counts
 * (reqtrace/requirementGroups), then, as nodes are expanded, one group's
 * requirements or one level of the hierarchy (reqtrace/requirements with
 * `folder` and `group` or `parent`), a page at a time. At 50k requirements
 * a release or the top of the hierarchy can hold tens of thousands: one
 * answer with all of them would be megabytes of JSON for rows nobody
 * scrolls to, so the view asks for more when the user wants them.
 */
import type { CancellationToken } from 'vscode-languageserver/node';
import { definitionsInGroup, groupDefinitions, RequirementHierarchy } from '../../core';
import type { RequirementsParams, WorkspaceFolderGroups, WorkspaceFolderRequirements } from '../../protocol';
import type { Session } from '../session';
import { answer, folderRequirements, slices } from './requirementItems';

/** Requirements in one page at most, whatever `limit` asks. */
export const MAX_PAGE = 1000;
const DEFAULT_PAGE = 500;

/** Every folder's groups by release or by tag, with their counts (the IDs stay on the server). */
export async function requirementGroupsOf(session: Session, params: { by?: unknown } | undefined, token?: CancellationToken): Promise<WorkspaceFolderGroups[]> {
  const by = params?.by;
  if (by !== 'release' && by !== 'tag') return [];
  const pause = slices(token);
  return answer(async () => {
    const out: WorkspaceFolderGroups[] = [];
    for (const folder of session.workspaces.all()) {
      // By release, read off the running totals the status bar keeps (as current, and no walk); tags need the walk.
      if (by === 'release') {
        out.push({ folder: folder.uri, name: folder.name, groups: session.releaseGroups(folder) });
        continue;
      }
      const groups = await groupDefinitions(folder.engine, by, pause);
      out.push({
        folder: folder.uri,
        name: folder.name,
        groups: groups.map((g) => ({ key: g.key, requirements: g.requirements.length, needing: g.needing, covered: g.covered })),
      });
    }
    return out;
  });
}

/**
 * One page of a group's requirements, or of one level of the hierarchy (the
 * children of `parent`, the top for null) with each one's roll-up, in
 * `folder`, by location.
 */
export async function groupPage(session: Session, params: RequirementsParams, pause: () => Promise<void>): Promise<WorkspaceFolderRequirements[]> {
  const folder = session.workspaces.all().find((f) => f.uri === params.folder);
  if (!folder) return [];
  const offset = Number.isInteger(params.offset) && params.offset! > 0 ? params.offset! : 0;
  const limit = Math.max(1, Math.min(MAX_PAGE, Number.isInteger(params.limit) ? params.limit! : DEFAULT_PAGE));
  const { engine } = folder;
  let hierarchy: RequirementHierarchy | undefined;
  let defs;
  if (params.parent !== undefined) {
    if (params.parent !== null && typeof params.parent !== 'string') return [];
    hierarchy = new RequirementHierarchy(engine);
    defs = params.parent === null ? hierarchy.roots() : hierarchy.childDefinitions(params.parent);
  } else {
    const group = params.group;
    if ((group?.by !== 'release' && group?.by !== 'tag') || (group.key !== null && typeof group.key !== 'string')) return [];
    defs = definitionsInGroup(engine, group.by, group.key);
  }
  const page = defs.slice(offset, offset + limit);
  const answer = await folderRequirements(session, folder, page, pause, new Set(page.map((d) => d.id)), hierarchy);
  return [{ ...answer, total: defs.length }];
}
