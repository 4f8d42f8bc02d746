/**
 * What replacing one file's entry changed, for the callers that decide which
 * other files to re-check, and how a change is narrowed to what other files
 * can see. Most edits (typing in a comment, editing a requirement's text)
 * move positions but leave every reference and definition as other files
 * see them: then no other file needs re-checking, which keeps typing fast in
 * a large workspace.
 */
import { push } from '../listMap';
import { unpackRefs } from './packedRefs';
import type { FileEntry } from './fileEntry';

/** What an update changed, so callers can tell which other files to re-check. */
export interface IndexChange {
  /** IDs defined or referenced by the old or new content of the file. */
  ids: Set<string>;
  /** IDs whose set of definitions changed. */
  definedIds: Set<string>;
  /** Prefixes that appeared or disappeared from the set of defined prefixes. */
  prefixes: Set<string>;
  /** IDs that became defined or undefined ("did you mean" hints elsewhere may change). */
  appearedOrVanished: Set<string>;
  /** Members of parent-link cycles before the change, when definitions changed (a cycle may be broken). */
  formerCycleMembers: Set<string>;
  /** Whether the file's defined IDs or their parent links changed: only then can cycles change. */
  linksChanged: boolean;
  /** When links changed: the parents linked to before or after (their coverage by child links may change). */
  linkedIds: Set<string>;
  /** Whether the document the file declares (Doorstop's `.doorstop.yml`) changed: every item's document rules may. */
  documentsChanged: boolean;
  /** Whether a definition's title changed: no other file's diagnostics show it, but their inlay hints do. */
  titlesChanged: boolean;
}

/** What narrowing reads of the index as it is after the update. */
export interface IndexView {
  /** True when an ID has more than one definition. */
  duplicated(id: string): boolean;
  prefixDefined(prefix: string): boolean;
}

/** Keeps in `change` (of a file from `old` to `now`) only what other files can see. */
export function narrowChange(change: IndexChange, old: FileEntry, now: FileEntry, prefixesBefore: Map<string, boolean>, index: IndexView): void {
  // What other files' diagnostics read of a definition. The title only shows in theirs when it is deprecated:
  // typing the title of a requirement with 10k references must not re-check those 10k files.
  const defSig = (e: FileEntry) =>
    signatures(e.defs, (d) =>
      JSON.stringify([d.status === 'deprecated' ? d.title : '', d.status, d.version, d.needs, d.parents.map((p) => [p.id, p.fingerprint]), d.fingerprint, d.exempt, d.strictVersion]),
    );
  const refSig = (e: FileEntry) => signatures(unpackRefs(e.refs), (c) => `${c.verbKind}|${c.pin}|${c.explicit}`);
  const defsBefore = defSig(old);
  const defsNow = defSig(now);
  const refsBefore = refSig(old);
  const refsNow = refSig(now);
  const same = (a: Map<string, string>, b: Map<string, string>, id: string) => a.get(id) === b.get(id);
  for (const id of [...change.definedIds]) if (same(defsBefore, defsNow, id)) change.definedIds.delete(id);
  for (const id of [...change.ids]) {
    // A duplicate's message elsewhere names this definition's line: keep those.
    if (!change.definedIds.has(id) && !index.duplicated(id) && same(refsBefore, refsNow, id)) change.ids.delete(id);
  }
  for (const [prefix, was] of prefixesBefore) if (was === index.prefixDefined(prefix)) change.prefixes.delete(prefix);
}

/** A file's definitions as the cycle and suggestion tables see them: IDs and their parents. */
export function linkShape(entry: FileEntry): string {
  return entry.defs
    .map((d) => `${d.id}\u0000${d.parents.map((p) => p.id).join('\u0001')}`)
    .sort()
    .join('\u0002');
}

/** A file's definitions as other files' inlay hints show them: IDs and titles. */
export function titleShape(entry: FileEntry): string {
  return entry.defs
    .map((d) => `${d.id}\u0000${d.title}`)
    .sort()
    .join('\u0001');
}

/** The parents the definitions of either entry link to. */
export function linkTargets(a: FileEntry | undefined, b: FileEntry | undefined): Set<string> {
  const out = new Set<string>();
  for (const e of [a, b]) for (const d of e?.defs ?? []) for (const p of d.parents) out.add(p.id);
  return out;
}

/** Per ID, the sorted signatures of its items: equal maps mean nothing another file sees has changed. */
function signatures<T extends { id: string }>(items: readonly T[], sig: (item: T) => string): Map<string, string> {
  const lists = new Map<string, string[]>();
  for (const item of items) push(lists, item.id, sig(item));
  const out = new Map<string, string>();
  for (const [id, list] of lists) out.set(id, list.sort().join('\n'));
  return out;
}
