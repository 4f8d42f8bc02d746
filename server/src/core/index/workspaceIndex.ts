/**
 * The workspace index: per-file results plus the cross-file maps the checks
 * and queries need. Replacing one file's entry updates the maps for that
 * file only; nothing here rescans the workspace.
 */
import { CandidateLists, NO_CANDIDATES } from './candidateLists';
import { cycleMembers } from './cycles';
import { linkShape, linkTargets, narrowChange, titleShape, type IndexChange } from './indexChange';
import { idPrefix } from '../idPattern';
import { pullAll } from '../listMap';
import type { CacheTable } from './indexCache';
import { Suggestions } from './suggest';
import { DocumentTree } from './documents';
import { kindOf, toReference, type FileEntry } from './fileEntry';
import { refCount, refExplicit, refId, refIdIndex, refPin } from './packedRefs';
import { coverageByKind, filesByTableString, tallyReferences } from './referenceTally';
import type { CoverageKind, FileProblem, RefCandidate, Reference, RequirementDef } from '../types';

/** Coverage counts are cached for IDs whose walk visits at least this many candidates. */
const CACHED_COUNTS_MIN_WALK = 1024;

/** Index of `id` in an entry's packed strings (-1 when absent): its candidates are the slots with this ID index. */
function idIndexIn(entry: FileEntry, id: string): number {
  return entry.refs.strings.indexOf(id);
}

/** Shared by the entries without definitions or problems (most files): an empty array each is 100k arrays at 100k files. */
const NO_DEFS: RequirementDef[] = Object.freeze([]) as unknown as RequirementDef[];
const NO_PROBLEMS: FileProblem[] = Object.freeze([]) as unknown as FileProblem[];

export class WorkspaceIndex {
  private readonly entries = new Map<string, FileEntry>();
  private readonly defsById = new Map<string, RequirementDef[]>();
  private readonly cands = new CandidateLists();
  private readonly prefixCount = new Map<string, number>();
  private readonly childrenByParent = new Map<string, Set<RequirementDef>>();
  private cycleCache: Set<string> | undefined;
  /** Coverage counts by `id` or `id@version`; callers only read them. Cleared by every change. */
  private readonly countsCache = new Map<string, Map<CoverageKind, number>>();
  /** "Did you mean" tables and answers of the defined IDs as they are now. */
  readonly suggestions = new Suggestions(() => this.defsById.keys());
  /** The documents declared by files (Doorstop's `.doorstop.yml`). */
  readonly documents = new DocumentTree();

  /**
   * True while a full index fills the index: the defined IDs are a growing
   * subset, so "did you mean" hints are not looked for (see nearestId).
   */
  partial = false;

  get fileCount(): number {
    return this.entries.size;
  }

  files(): IterableIterator<string> {
    return this.entries.keys();
  }

  entry(file: string): FileEntry | undefined {
    return this.entries.get(file);
  }

  /**
   * Adds the entry of a file the index does not hold yet, without recording
   * what changed: the full index adds every file of the workspace and nobody
   * asks what each one changed. Same result as `set`.
   */
  add(entry: FileEntry): void {
    if (this.entries.has(entry.file)) {
      this.set(entry);
      return;
    }
    this.dropCounts();
    shareEmpties(entry);
    this.entries.set(entry.file, entry);
    if (entry.document) this.documents.set(entry.file, entry.document);
    if (entry.defs.length > 0) {
      this.attachDefs(entry, undefined);
      this.invalidateDefinitions();
    }
    this.cands.attach(entry);
  }

  /**
   * `add` for many entries of a warm start, whose ID strings are numbered by
   * one shared table (the loaded cache's): each per-ID list is made once at
   * its final size from a count, in place of a lookup and a push for every
   * ID of every file (1.5M at 100k files, a third of a warm start). Same
   * result as adding the entries one by one, in order; an index that
   * already holds anything takes that path.
   */
  addFromTable(entries: readonly FileEntry[], slots: readonly number[], table: CacheTable): void {
    if (this.entries.size > 0 || !this.cands.empty) {
      for (const entry of entries) this.add(entry);
      return;
    }
    this.dropCounts();
    let defined = false;
    for (const entry of entries) {
      shareEmpties(entry);
      this.entries.set(entry.file, entry);
      if (entry.document) this.documents.set(entry.file, entry.document);
      if (entry.defs.length > 0) {
        this.attachDefs(entry, undefined);
        defined = true;
      }
    }
    if (defined) this.invalidateDefinitions();
    for (const [id, files] of filesByTableString(entries, slots, table)) this.cands.setFiles(id, files);
  }

  /** Finishes what `add` left for later (the per-ID lists' waiting files): for the end of a full index, so that it counts in the index's time, not in the first query's. */
  settle(): void {
    this.cands.flush();
  }

  /** Drops every entry. */
  clear(): void {
    this.entries.clear();
    this.defsById.clear();
    this.cands.clear();
    this.prefixCount.clear();
    this.childrenByParent.clear();
    this.documents.clear();
    this.dropCounts();
    this.invalidateDefinitions();
  }

  /** Replaces (or adds) a file's entry. */
  set(entry: FileEntry): IndexChange {
    this.dropCounts();
    shareEmpties(entry);
    const old = this.entries.get(entry.file);
    const prefixesBefore = old ? this.presentPrefixes(old, entry) : undefined;
    const change = this.beginChange(entry.file, entry.defs);
    this.detach(entry.file, change);
    this.entries.set(entry.file, entry);
    this.documents.set(entry.file, entry.document);
    change.documentsChanged = JSON.stringify(old?.document) !== JSON.stringify(entry.document);
    this.attachDefs(entry, change);
    this.cands.attach(entry, (id) => change.ids.add(id));
    if (old && prefixesBefore) {
      narrowChange(change, old, entry, prefixesBefore, {
        duplicated: (id) => (this.defsById.get(id)?.length ?? 0) > 1,
        prefixDefined: (prefix) => this.prefixCount.has(prefix),
      });
    }
    // The cycle and suggestion tables depend only on which IDs are defined and
    // their parents: typing a requirement's title must not rebuild them (100 ms
    // a keystroke at 50k requirements).
    change.linksChanged = !old || linkShape(old) !== linkShape(entry);
    if (change.linksChanged) change.linkedIds = linkTargets(old, entry);
    if (change.definedIds.size > 0 && change.linksChanged) this.invalidateDefinitions();
    change.titlesChanged = !old || titleShape(old) !== titleShape(entry);
    return this.endChange(change);
  }

  /** Adds an entry's definitions to the maps, recording in `change` when given. */
  private attachDefs(entry: FileEntry, change: IndexChange | undefined): void {
    for (const def of entry.defs) {
      insertSorted(this.defsById, def.id, def);
      change?.ids.add(def.id);
      change?.definedIds.add(def.id);
      const prefix = idPrefix(def.id);
      const n = this.prefixCount.get(prefix) ?? 0;
      if (n === 0) change?.prefixes.add(prefix);
      this.prefixCount.set(prefix, n + 1);
      for (const p of def.parents) {
        let set = this.childrenByParent.get(p.id);
        if (!set) this.childrenByParent.set(p.id, (set = new Set()));
        set.add(def);
      }
    }
  }

  /** Which of these prefixes are defined right now (read before and after an update). */
  private presentPrefixes(a: FileEntry, b: FileEntry): Map<string, boolean> {
    const out = new Map<string, boolean>();
    for (const d of [...a.defs, ...b.defs]) out.set(idPrefix(d.id), this.prefixCount.has(idPrefix(d.id)));
    return out;
  }

  /** Starts recording a change of `file` whose new definitions are `defs`: what was defined, and the cycles. */
  private beginChange(file: string, defs: readonly RequirementDef[]): IndexChange & { wasDefined: Map<string, boolean> } {
    const wasDefined = new Map<string, boolean>();
    for (const d of [...(this.entries.get(file)?.defs ?? []), ...defs]) wasDefined.set(d.id, this.defsById.has(d.id));
    // Cached whenever diagnostics were computed since the last change of definitions (the server
    // always publishes after a change). When cold — during a full index, which reports nothing
    // per change — recomputing Tarjan here for every spec file would make indexing quadratic.
    const formerCycleMembers = wasDefined.size > 0 && this.cycleCache ? this.cycleCache : new Set<string>();
    const [ids, definedIds, prefixes, appearedOrVanished, linkedIds] = [0, 0, 0, 0, 0].map(() => new Set<string>());
    return { ids, definedIds, prefixes, appearedOrVanished, linkedIds, formerCycleMembers, linksChanged: false, documentsChanged: false, titlesChanged: false, wasDefined };
  }

  private endChange(change: IndexChange & { wasDefined: Map<string, boolean> }): IndexChange {
    const { wasDefined, ...out } = change;
    for (const [id, was] of wasDefined) if (was !== this.defsById.has(id)) out.appearedOrVanished.add(id);
    return out;
  }

  /** Forgets the cached coverage counts. (Map.clear allocates a new table even when empty, and the full index calls this per file.) */
  private dropCounts(): void {
    if (this.countsCache.size > 0) this.countsCache.clear();
  }

  private invalidateDefinitions(): void {
    this.cycleCache = undefined;
    this.suggestions.invalidate();
  }

  /** Removes a file's entry. */
  remove(file: string): IndexChange {
    this.dropCounts();
    const change = this.beginChange(file, []);
    change.linksChanged = (this.entries.get(file)?.defs.length ?? 0) > 0;
    change.titlesChanged = change.linksChanged;
    if (change.linksChanged) this.invalidateDefinitions();
    const gone = this.entries.get(file);
    if (change.linksChanged) change.linkedIds = linkTargets(gone, undefined);
    change.documentsChanged = gone?.document !== undefined;
    this.documents.set(file, undefined);
    this.detach(file, change);
    this.entries.delete(file);
    return this.endChange(change);
  }

  private detach(file: string, change: IndexChange): void {
    const old = this.entries.get(file);
    if (!old) return;
    // Each ID's list is filtered once, not searched once per item: a file with
    // thousands of references to one ID must not make every edit quadratic.
    const goneDefs = new Set(old.defs);
    for (const id of new Set(old.defs.map((d) => d.id))) pullAll(this.defsById, id, (d) => goneDefs.has(d));
    const oldIds = new Set<string>();
    for (let slot = 0, n = refCount(old.refs); slot < n; slot++) oldIds.add(refId(old.refs, slot));
    for (const id of oldIds) {
      this.cands.pull(id, old);
      change.ids.add(id);
    }
    for (const def of old.defs) {
      change.ids.add(def.id);
      change.definedIds.add(def.id);
      const prefix = idPrefix(def.id);
      const n = (this.prefixCount.get(prefix) ?? 1) - 1;
      if (n <= 0) {
        this.prefixCount.delete(prefix);
        change.prefixes.add(prefix);
      } else this.prefixCount.set(prefix, n);
      for (const p of def.parents) this.childrenByParent.get(p.id)?.delete(def);
    }
  }

  definitions(id: string): readonly RequirementDef[] {
    return this.defsById.get(id) ?? [];
  }

  /** The first definition of an ID (by file order) or undefined. */
  definition(id: string): RequirementDef | undefined {
    return this.defsById.get(id)?.[0];
  }

  isDefined(id: string): boolean {
    return this.defsById.has(id);
  }

  definedIds(): string[] {
    return [...this.defsById.keys()].sort();
  }

  /** The first definition of each defined ID, in no particular order (nothing sorted: for a scan of all of them). */
  *firstDefinitions(): IterableIterator<RequirementDef> {
    for (const defs of this.defsById.values()) yield defs[0];
  }

  /** Every definition, in no particular order (nothing sorted: for a scan of all of them). */
  *eachDefinition(): IterableIterator<RequirementDef> {
    for (const defs of this.defsById.values()) yield* defs;
  }

  /** Every definition, sorted by file then position. */
  allDefinitions(): RequirementDef[] {
    const out: RequirementDef[] = [];
    for (const defs of this.defsById.values()) out.push(...defs);
    return out.sort(byLocation);
  }

  /** Definitions that name `id` as a parent. */
  children(id: string): RequirementDef[] {
    return [...(this.childrenByParent.get(id) ?? [])].sort(byLocation);
  }

  /**
   * True when a candidate counts as a reference: written with a verb, or a
   * bare ID whose prefix some defined requirement shares.
   */
  counts(cand: Pick<RefCandidate, 'id' | 'explicit'>): boolean {
    return cand.explicit || this.bareCounts(cand.id);
  }

  /** `counts` for the candidate in `slot` of an indexed entry, without materialising it. */
  countsAt(entry: FileEntry, slot: number): boolean {
    return refExplicit(entry.refs, slot) || this.bareCounts(refId(entry.refs, slot));
  }

  /** How many of an entry's candidates count as references (the summary's and the report's "references"). */
  countedReferences(entry: FileEntry): number {
    let n = 0;
    for (let slot = 0, count = refCount(entry.refs); slot < count; slot++) if (this.countsAt(entry, slot)) n++;
    return n;
  }

  /** True when a bare mention of `id` counts: its prefix is defined (the list keeps the prefix, so no regex per call). */
  private bareCounts(id: string): boolean {
    return this.prefixCount.has(this.cands.get(id)?.prefix ?? idPrefix(id));
  }

  /**
   * Calls `visit` for each candidate of `id` that counts as a reference
   * (without materialising any). Returns how many candidates it looked at.
   */
  private forEachReference(id: string, visit: (entry: FileEntry, slot: number) => void): number {
    const list = this.cands.get(id) ?? NO_CANDIDATES;
    const bareCounts = this.prefixCount.has(list.prefix);
    let walked = 0;
    for (const entry of list.entries) {
      const k = idIndexIn(entry, list.id);
      const n = refCount(entry.refs);
      walked += n;
      for (let slot = 0; slot < n; slot++) {
        if (refIdIndex(entry.refs, slot) === k && (bareCounts || refExplicit(entry.refs, slot))) visit(entry, slot);
      }
    }
    return walked;
  }

  /** The references to an ID, sorted by file and position. */
  references(id: string): Reference[] {
    const out: Reference[] = [];
    this.forEachReference(id, (entry, slot) => out.push(toReference(entry, slot)));
    return out.sort(byLocation);
  }

  /**
   * Number of references per coverage kind. With `version`, only references
   * pinning exactly that version count (strict revision matching).
   */
  coverageCounts(id: string, version?: number): Map<CoverageKind, number> {
    // Cached until the next change when the walk is long: every definition of
    // an ID (thousands, in a hostile file) asks for the same counts, each a
    // walk over all the candidates of the files naming it. A short walk is
    // cheaper to repeat than to keep: a cached Map costs about 500 bytes, and
    // a full check asks for every requirement (25 MB for 50k of them).
    const key = version === undefined ? id : `${id}@${version}`;
    const known = this.countsCache.get(key);
    if (known) return known;
    const counts = new Map<CoverageKind, number>();
    const walked = this.forEachReference(id, (entry, slot) => {
      if (version !== undefined && refPin(entry.refs, slot) !== version) return;
      const kind = kindOf(entry, slot);
      counts.set(kind, (counts.get(kind) ?? 0) + 1);
    });
    if (walked >= CACHED_COUNTS_MIN_WALK) this.countsCache.set(key, counts);
    return counts;
  }

  /**
   * Folds every reference to a defined ID into that ID's accumulator, in one
   * pass over `entries` (by default every file): see `tallyReferences`.
   */
  tallyReferences<T>(start: (id: string) => T, add: (acc: T, entry: FileEntry, slot: number) => void, entries: Iterable<FileEntry> = this.entries.values()): Map<string, T> {
    return tallyReferences(this.defsById.keys(), entries, start, add);
  }

  /**
   * Counts the references of every defined ID in one pass and keeps the
   * counts until the next change: for a check of the whole workspace (the
   * CLI's), which asks for every requirement's counts. Counts pinned to a
   * version (strict revisions) are still walked per ID.
   */
  primeCoverageCounts(): void {
    for (const [id, counts] of coverageByKind(this.defsById.keys(), this.entries.values())) this.countsCache.set(id, counts);
  }

  /** Files holding a candidate for any of these IDs. */
  filesReferencing(ids: Iterable<string>): Set<string> {
    const out = new Set<string>();
    for (const id of ids) for (const e of (this.cands.get(id) ?? NO_CANDIDATES).entries) out.add(e.file);
    return out;
  }

  /** Files holding a bare candidate whose prefix is one of these. */
  filesWithPrefixes(prefixes: Set<string>): Set<string> {
    const out = new Set<string>();
    if (prefixes.size === 0) return out;
    for (const list of this.cands.all().values()) {
      if (!prefixes.has(list.prefix)) continue;
      for (const e of list.entries) out.add(e.file);
    }
    return out;
  }

  /** Files naming an undefined ID: in a reference candidate, or as a parent (their "did you mean" hints). */
  filesNamingUndefinedIds(): Set<string> {
    const out = new Set<string>();
    for (const [id, list] of this.cands.all()) if (!this.defsById.has(id)) for (const e of list.entries) out.add(e.file);
    for (const [id, children] of this.childrenByParent) if (!this.defsById.has(id)) for (const d of children) out.add(d.file);
    return out;
  }

  /** Files defining any of these IDs, or naming them as a parent. */
  filesDefining(ids: Iterable<string>): Set<string> {
    const out = new Set<string>();
    for (const id of ids) {
      for (const d of this.defsById.get(id) ?? []) out.add(d.file);
      for (const d of this.childrenByParent.get(id) ?? []) out.add(d.file);
    }
    return out;
  }

  /** IDs that take part in a parent-link cycle. */
  cycleMembers(): Set<string> {
    this.cycleCache ??= cycleMembers(this.defsById.keys(), (id) => {
      const out: string[] = [];
      for (const d of this.defsById.get(id) ?? []) for (const p of d.parents) if (!p.relation && this.defsById.has(p.id)) out.push(p.id);
      return out;
    });
    return this.cycleCache;
  }
}

function shareEmpties(entry: FileEntry): void {
  if (entry.defs.length === 0) entry.defs = NO_DEFS;
  if (entry.problems.length === 0) entry.problems = NO_PROBLEMS;
}

/** Keeps each ID's definitions in file/position order, whatever order files are indexed in. */
function insertSorted(map: Map<string, RequirementDef[]>, key: string, def: RequirementDef): void {
  const list = map.get(key);
  if (!list) {
    map.set(key, [def]);
    return;
  }
  let i = list.length;
  while (i > 0 && byLocation(list[i - 1], def) > 0) i--;
  list.splice(i, 0, def);
}

export function byLocation(
  a: { file: string; range: { start: { line: number; character: number } } },
  b: { file: string; range: { start: { line: number; character: number } } },
): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character;
}
