/**
 * Which files' diagnostics an index change can touch: the language server
 * checks those again after an edit, and no others.
 */
import type { IndexChange } from './indexChange';
import type { WorkspaceIndex } from './workspaceIndex';

/**
 * Files whose diagnostics may differ after `change`: the changed file, the
 * definitions of every touched ID (coverage, duplicates), the references of
 * IDs whose definitions changed, bare references whose prefix appeared
 * or vanished, the links of cycles made or broken, and the unknown IDs
 * whose "did you mean" hint may change.
 */
export function affectedFiles(index: WorkspaceIndex, file: string, change: IndexChange | undefined): Set<string> {
  const out = new Set<string>([file]);
  if (!change) return out;
  for (const f of index.filesDefining(change.ids)) out.add(f);
  for (const f of index.filesReferencing(change.definedIds)) out.add(f);
  for (const f of index.filesWithPrefixes(change.prefixes)) out.add(f);
  if (change.definedIds.size > 0 && change.linksChanged) {
    // Cycle membership can change along a whole chain of parent links, made or broken.
    for (const id of index.cycleMembers()) for (const d of index.definitions(id)) out.add(d.file);
    for (const id of change.formerCycleMembers) for (const d of index.definitions(id)) out.add(d.file);
  }
  // An ID came or went: the nearest-ID hint of any unknown reference or broken link may change.
  if (change.appearedOrVanished.size > 0) for (const f of index.filesNamingUndefinedIds()) out.add(f);
  // A parent's coverage by child links (Doorstop) changes with the links to it.
  for (const id of change.linkedIds) for (const d of index.definitions(id)) out.add(d.file);
  // A document came, went or changed its parent: every item's document rules may change.
  if (change.documentsChanged) for (const d of index.eachDefinition()) if (d.source === 'doorstop') out.add(d.file);
  return out;
}
