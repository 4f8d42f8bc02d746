/**
 * OpenFastTrace's rules beyond coverage counts (see OFT's `Linker`,
 * `LinkedSpecificationItem` and `LinkStatus`): revisions are separate items,
 * coverage by a type the item does not need is "unwanted", and every item
 * gets a status as OFT's report shows it, deep coverage included.
 *
 * The diagnostics stay where a defect is fixed (an unwanted tag is reported
 * at the tag); the status tells, per item, what OFT's report says of it.
 */
import { candidatesOf, kindOf } from '../index/fileEntry';
import type { WorkspaceIndex } from '../index/workspaceIndex';
import { refCount, refId, refPin, refRange } from '../index/packedRefs';
import type { Range, RequirementDef } from '../types';

/**
 * An item's status in OFT's terms, the first that applies: `duplicate`
 * (its ID is defined again), a bad link in or out (`outdated`, `predated`,
 * `ambiguous`, `unwanted`, `orphaned`), `uncovered` (a needed type is
 * missing, here or on an item that covers it: OFT's deep coverage), `cycle`,
 * else `covered`. Only `covered` is "ok" in OFT's report.
 */
export type OftStatus = 'covered' | 'uncovered' | 'outdated' | 'predated' | 'ambiguous' | 'unwanted' | 'orphaned' | 'duplicate' | 'cycle';

export function isOft(def: RequirementDef | undefined): boolean {
  return def?.source === 'oft';
}

/** The definitions of exactly this revision of an OFT item. */
export function revisions(index: WorkspaceIndex, id: string, version: number): RequirementDef[] {
  return index.definitions(id).filter((d) => d.version === version);
}

/** A link from one item to another, as OFT judges it. */
type LinkVerdict = 'covers' | 'outdated' | 'predated' | 'ambiguous' | 'unwanted' | 'orphaned';

const BAD_LINKS = ['outdated', 'predated', 'ambiguous', 'unwanted', 'orphaned'] as const;

/**
 * How OFT links a coverage of `id` at revision `pin` by artifact type `kind`
 * (`Linker.linkItemToItemWithId`): the exact revision with the type among
 * its needs covers it; another type is unwanted; a duplicated target is
 * ambiguous; a missing revision is outdated or predated against the
 * revisions that exist, or orphaned when none does.
 */
export function linkVerdict(index: WorkspaceIndex, id: string, pin: number | undefined, kind: string): LinkVerdict {
  const all = index.definitions(id);
  const exact = all.filter((d) => d.version === pin);
  if (exact.length > 1) return 'ambiguous';
  if (exact.length === 1) return (exact[0].needs ?? []).includes(kind) ? 'covers' : 'unwanted';
  if (all.length === 0 || pin === undefined) return 'orphaned';
  return all.some((d) => pin < d.version) ? 'outdated' : 'predated';
}

/** The message of an unwanted coverage, at the tag or `Covers` entry. */
export function unwantedMessage(def: RequirementDef, kind: string): string {
  const needs = def.needs ?? [];
  return `${kind} covers ${def.id}~${def.version}, which does not need ${kind} (${needs.length > 0 ? `needs ${needs.join(', ')}` : 'needs nothing'}); OpenFastTrace reports unwanted coverage`;
}

/** A reference from one OFT item to another (out of the covering item, into the covered one). */
interface Link {
  id: string;
  pin: number | undefined;
  kind: string;
  file: string;
  range: Range;
}

function contains(outer: Range, inner: Range): boolean {
  const before = (a: Range['start'], b: Range['start']) => a.line < b.line || (a.line === b.line && a.character <= b.character);
  return before(outer.start, inner.start) && before(inner.end, outer.end);
}

/**
 * Per-item OFT statuses, computed on demand and remembered for the life of
 * this object (make one per question: the index may change between).
 */
export class OftStatuses {
  private readonly known = new Map<RequirementDef, OftStatus>();
  /** Deep coverage under way or done: true = uncovered somewhere below, 'busy' = on the current path. */
  private readonly deep = new Map<RequirementDef, boolean | 'busy'>();

  constructor(
    private readonly index: WorkspaceIndex,
    /** Whether an item has every type it needs (its shallow coverage). */
    private readonly shallowCovered: (def: RequirementDef) => boolean,
  ) {}

  statusOf(def: RequirementDef): OftStatus {
    let status = this.known.get(def);
    if (!status) this.known.set(def, (status = this.compute(def)));
    return status;
  }

  private compute(def: RequirementDef): OftStatus {
    if (revisions(this.index, def.id, def.version).length > 1) return 'duplicate';
    const bad = new Set<LinkVerdict>();
    for (const link of this.outgoing(def)) bad.add(linkVerdict(this.index, link.id, link.pin, link.kind));
    for (const link of this.incoming(def)) {
      if (link.pin !== def.version) bad.add(link.pin !== undefined && link.pin < def.version ? 'outdated' : 'predated');
      else if (!(def.needs ?? []).includes(link.kind)) bad.add('unwanted');
    }
    // Several bad links: one status, in a fixed order.
    const worst = BAD_LINKS.find((v) => bad.has(v));
    if (worst) return worst;
    const deep = this.deepUncovered(def);
    if (deep === 'busy') return 'cycle';
    return deep ? 'uncovered' : 'covered';
  }

  /** OFT's deep coverage: uncovered when the item, or any item covering it (at any revision, any type), is. */
  private deepUncovered(def: RequirementDef): boolean | 'busy' {
    const seen = this.deep.get(def);
    if (seen !== undefined) return seen;
    this.deep.set(def, 'busy');
    let result: boolean | 'busy' = !this.shallowCovered(def);
    for (const link of this.incoming(def)) {
      if (result === true) break;
      const coverer = this.coveringItem(link);
      if (!coverer) continue;
      const below = this.deepUncovered(coverer);
      if (below === true) result = true;
      else if (below === 'busy') result = 'busy';
    }
    this.deep.set(def, result === 'busy' ? false : result);
    return result;
  }

  /** The item's own coverage links: references inside its definition (its `Covers` entries, or its tag). */
  private outgoing(def: RequirementDef): Link[] {
    const entry = this.index.entry(def.file);
    if (!entry) return [];
    const out: Link[] = [];
    const cands = candidatesOf(entry);
    for (let slot = 0; slot < cands.length; slot++) {
      const c = cands[slot];
      // OFT coverage always names a revision and a covering type.
      if (c.pin === undefined || c.verbKind === undefined || c.id === def.id || !contains(def.fullRange, c.range)) continue;
      out.push({ id: c.id, pin: c.pin, kind: kindOf(entry, slot), file: def.file, range: c.range });
    }
    return out;
  }

  /** The links into the item: the references to its revision, and those to a revision that does not exist. */
  private incoming(def: RequirementDef): Link[] {
    const out: Link[] = [];
    for (const file of this.index.filesReferencing([def.id])) {
      const entry = this.index.entry(file);
      if (!entry) continue;
      for (let slot = 0, n = refCount(entry.refs); slot < n; slot++) {
        if (refId(entry.refs, slot) !== def.id || !this.index.countsAt(entry, slot)) continue;
        const pin = refPin(entry.refs, slot);
        // A coverage of another revision that exists links to that one only; of a missing one, to every revision.
        if (pin !== def.version && pin !== undefined && revisions(this.index, def.id, pin).length > 0) continue;
        out.push({ id: def.id, pin, kind: kindOf(entry, slot), file, range: refRange(entry.refs, slot) });
      }
    }
    return out;
  }

  /** The OFT item a link comes from: the item whose definition holds it (a spec item's `Covers`, a tag's generated item). */
  private coveringItem(link: Link): RequirementDef | undefined {
    const entry = this.index.entry(link.file);
    return entry?.defs.find((d) => isOft(d) && contains(d.fullRange, link.range));
  }
}

/**
 * OFT's summary (`ok - N total` / `not ok - N total, M defect`): every item,
 * those its tags generate included. A tag without a name or `>>` generates an
 * item per covered ID that is no definition here (nothing can refer to its
 * checksum name): it is counted from the tag, and is a defect when its link is bad.
 */
export function oftTotals(index: WorkspaceIndex, statuses: OftStatuses): { total: number; defects: number } | undefined {
  let total = 0;
  let defects = 0;
  for (const def of index.eachDefinition()) {
    if (!isOft(def)) continue;
    total++;
    if (statuses.statusOf(def) !== 'covered') defects++;
  }
  if (total === 0) return undefined;
  for (const file of index.files()) {
    const entry = index.entry(file)!;
    const cands = candidatesOf(entry);
    for (let slot = 0; slot < cands.length; slot++) {
      const c = cands[slot];
      // OFT coverage: a `type~name` ID with a revision and a covering type, outside every item (not a `Covers` entry).
      if (!c.id.includes('~') || c.pin === undefined || c.verbKind === undefined) continue;
      if (entry.defs.some((d) => isOft(d) && contains(d.fullRange, c.range))) continue;
      total++;
      if (linkVerdict(index, c.id, c.pin, kindOf(entry, slot)) !== 'covers') defects++;
    }
  }
  return { total, defects };
}
