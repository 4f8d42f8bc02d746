/**
 * The traceability checks. Diagnostics are computed per file from the index
 * maps, so re-checking one file after an edit costs that file only.
 */
import { refCount, refId, refPin, refRange } from '../index/packedRefs';
import { kindOf } from '../index/fileEntry';
import { nearestId } from '../index/suggest';
import type { CoverageKind, Diagnostic, DiagnosticCode, ReqtraceConfig, RequirementDef, Severity } from '../types';
import type { WorkspaceIndex } from '../index/workspaceIndex';
import { CHILD_LINK, childLinks, fingerprintsComparable, type ChildLinks } from './doorstopRules';
import { isOft, linkVerdict, revisions, unwantedMessage } from './oftRules';

/** Other definitions a duplicate-requirement message names. */
const MAX_LISTED_DUPLICATES = 5;

/** How Tracey's stale-requirement message starts (its spec, `validation.stale.message-prefix`). */
const TRACEY_STALE = "Implementation must be changed to match updated rule text — and ONLY ONCE THAT'S DONE must the code annotation be bumped";

/** Statuses whose requirements need no coverage. */
const EXEMPT_STATUSES = new Set(['draft', 'deprecated']);

export interface Coverage {
  /** Kinds this requirement needs ([] when exempt or `Needs: none`). */
  needs: CoverageKind[];
  counts: Map<CoverageKind, number>;
  missing: CoverageKind[];
  /** Draft and deprecated requirements need no coverage. */
  exempt: boolean;
  covered: boolean;
  /** Doorstop: the child documents whose items must link to this one (its `child-link` kind). */
  childLinks?: ChildLinks;
}

export function coverageOf(index: WorkspaceIndex, def: RequirementDef, config: ReqtraceConfig): Coverage {
  const exempt = def.exempt ?? (def.status !== undefined && EXEMPT_STATUSES.has(def.status));
  // Dialects whose tools have no coverage rule of this kind take `needs` only when reqtrace.yaml writes it.
  const configured = def.needsOnlyIfConfigured && !config.needsConfigured ? [] : config.needs;
  let needs = exempt ? [] : (def.needs ?? configured);
  let counts = index.coverageCounts(def.id, def.strictVersion ? def.version : undefined);
  const child = exempt ? undefined : childLinks(index, def);
  if (child) {
    needs = [CHILD_LINK, ...needs];
    // The counts may be the index's cached map: copied, never changed.
    counts = new Map(counts).set(CHILD_LINK, child.links);
  }
  const missing = needs.filter((k) => !counts.get(k));
  const cov: Coverage = { needs, counts, missing, exempt, covered: missing.length === 0 };
  if (child) cov.childLinks = child;
  return cov;
}

/** What an uncovered requirement lacks, in the words of its tool where it has them. */
function uncoveredMessage(def: RequirementDef, cov: Coverage): string {
  const other = cov.missing.filter((k) => k !== CHILD_LINK);
  if (!cov.childLinks || !cov.missing.includes(CHILD_LINK)) return `${def.id} has no ${cov.missing.join(' or ')} coverage (needs ${cov.needs.join(', ')})`;
  // Doorstop: "no links from child document: TST".
  const docs = cov.childLinks.childDocuments;
  const rest = other.length > 0 ? `, and no ${other.join(' or ')} coverage (needs ${cov.needs.filter((k) => k !== CHILD_LINK).join(', ')})` : '';
  return `${def.id} has no links from child document ${docs.join(', ')}: no ${docs.join(' or ')} item links to it${rest}`;
}

/** Diagnostics of one file, sorted by position. */
export function checkFile(index: WorkspaceIndex, file: string, config: ReqtraceConfig): Diagnostic[] {
  const entry = index.entry(file);
  // Most files of a workspace name nothing: nothing to check, nothing to make (a full check visits them all).
  if (!entry || (entry.problems.length === 0 && entry.defs.length === 0 && refCount(entry.refs) === 0)) return [];
  const out: Diagnostic[] = [];
  const add = (code: DiagnosticCode, severity: Severity, d: Omit<Diagnostic, 'code' | 'severity' | 'file'>) => {
    const override = config.severity[code];
    if (override === 'off') return;
    out.push({ code, severity: override ?? severity, file, ...d });
  };

  for (const p of entry.problems) add(p.code, p.severity, { message: p.message, range: p.range, requirement: p.requirement });

  const cycles = index.cycleMembers();
  for (const def of entry.defs) {
    // OpenFastTrace: each revision is an item of its own; only the same full ID is a duplicate.
    const all = isOft(def) ? revisions(index, def.id, def.version) : index.definitions(def.id);
    if (all.length > 1) {
      // A few places, not all: thousands of copies of one ID would make every message list every other.
      const others: string[] = [];
      for (const d of all) {
        if (others.length === MAX_LISTED_DUPLICATES) break;
        if (d !== def) others.push(`${d.file}:${d.range.start.line + 1}`);
      }
      const more = all.length - 1 - others.length;
      add('duplicate-requirement', 'error', {
        message: `${def.id} is defined ${all.length} times (also at ${others.join(', ')}${more > 0 ? ` and ${more} more` : ''})`,
        range: def.range,
        requirement: def.id,
      });
    }
    const cov = coverageOf(index, def, config);
    if (!cov.covered) {
      add('uncovered-requirement', 'warning', { message: uncoveredMessage(def, cov), range: def.range, requirement: def.id });
    }
    if (def.review && def.review.stored !== def.review.current && fingerprintsComparable(index, def)) {
      add('unreviewed-item', 'warning', {
        message: `${def.id} has unreviewed changes: its reviewed stamp differs from its current fingerprint; review it, then run doorstop review ${def.id}`,
        range: def.review.range,
        requirement: def.id,
      });
    }
    for (const link of def.parents) {
      if (!index.isDefined(link.id)) {
        const hint = nearestId(link.id, index);
        // OpenFastTrace does not trace `Depends`, and sphinx-needs may allow dead links: worth knowing, not a defect.
        const quiet = isOft(def) || link.deadAllowed;
        add('broken-link', quiet ? 'info' : 'error', {
          message: `${link.relation ?? 'parent'} ${link.id} of ${def.id} is not defined${hint ? `; did you mean ${hint}?` : ''}${isOft(def) ? ' (OpenFastTrace does not trace Depends)' : link.deadAllowed ? ' (a dead link its tool allows)' : ''}`,
          range: link.range,
          requirement: def.id,
        });
      } else if (link.fingerprint !== undefined && fingerprintsComparable(index, index.definition(link.id)) && stale(index.definition(link.id)?.fingerprint, link.fingerprint)) {
        add('stale-reference', 'warning', {
          message: `${link.id} changed since this link from ${def.id} was reviewed; review ${def.id} and update the link's fingerprint`,
          range: link.range,
          requirement: link.id,
        });
      } else if (!link.relation && cycles.has(def.id) && cycles.has(link.id)) {
        add('link-cycle', 'error', {
          message: `parent link ${def.id} → ${link.id} is part of a cycle`,
          range: link.range,
          requirement: def.id,
        });
      }
    }
  }

  // Read from the packed candidates: a full check visits every reference of the workspace.
  const { refs } = entry;
  for (let slot = 0, n = refCount(refs); slot < n; slot++) {
    if (!index.countsAt(entry, slot)) continue;
    const id = refId(refs, slot);
    const pin = refPin(refs, slot);
    const first = index.definition(id);
    // OpenFastTrace: the revision named, when it exists, is the item covered.
    const def = isOft(first) ? (index.definitions(id).find((d) => d.version === pin) ?? first) : first;
    if (def && isOft(def) && pin === def.version) {
      const kind = kindOf(entry, slot);
      if (linkVerdict(index, id, pin, kind) === 'unwanted') add('unwanted-coverage', 'warning', { message: unwantedMessage(def, kind), range: refRange(refs, slot), requirement: id });
      continue;
    }
    if (def && def.status !== 'deprecated' && (pin === undefined || pin === def.version)) continue;
    const cand = { id, range: refRange(refs, slot), pin };
    if (!def) {
      const hint = nearestId(cand.id, index);
      add('unknown-requirement', 'error', {
        message: `unknown requirement ${cand.id}${hint ? `; did you mean ${hint}?` : ''}`,
        range: cand.range,
        requirement: cand.id,
      });
      continue;
    }
    if (def.status === 'deprecated') {
      add('deprecated-reference', 'warning', {
        message: `${cand.id} is deprecated: ${def.title}`,
        range: cand.range,
        requirement: cand.id,
      });
    }
    if (cand.pin !== undefined && cand.pin !== def.version) {
      add('stale-reference', 'warning', {
        message:
          cand.pin < def.version
            ? `${def.source === 'tracey' ? `${TRACEY_STALE}: ` : ''}reference pins ${cand.id}@${cand.pin} but the requirement is at version ${def.version}; review the code and update the pin`
            : `reference pins ${cand.id}@${cand.pin}, a version the requirement (at ${def.version}) does not have yet`,
        range: cand.range,
        requirement: cand.id,
      });
    }
  }
  return out.sort(byPosition);
}

/**
 * Error diagnostics per defined requirement over the whole workspace (with
 * `ids`, of those requirements only): what counting every file's diagnostics
 * gives, from only the files that can hold one. An error names a defined
 * requirement in a file that defines it or names it as a parent, or in a
 * file's own problems; a reference's errors name unknown IDs — unless the
 * config makes deprecated or stale references errors, when the files
 * referencing it count too. `pause` is awaited between files.
 */
export async function errorsByRequirement(
  index: WorkspaceIndex,
  config: ReqtraceConfig,
  options: { ids?: ReadonlySet<string>; pause?: () => Promise<void> } = {},
): Promise<Map<string, number>> {
  const { ids, pause } = options;
  const references = config.severity['deprecated-reference'] === 'error' || config.severity['stale-reference'] === 'error';
  let files: Iterable<string>;
  if (ids) {
    const some = index.filesDefining(ids);
    for (const f of index.files()) if ((index.entry(f)?.problems.length ?? 0) > 0) some.add(f);
    if (references) for (const f of index.filesReferencing(ids)) some.add(f);
    files = some;
  } else {
    files = [...index.files()].filter((f) => {
      const entry = index.entry(f)!;
      return references || entry.defs.length > 0 || entry.problems.length > 0;
    });
  }
  const out = new Map<string, number>();
  for (const file of files) {
    for (const d of checkFile(index, file, config)) {
      if (d.severity !== 'error' || !d.requirement || !index.isDefined(d.requirement) || (ids && !ids.has(d.requirement))) continue;
      out.set(d.requirement, (out.get(d.requirement) ?? 0) + 1);
    }
    await pause?.();
  }
  return out;
}

function stale(current: string | undefined, reviewed: string): boolean {
  return current !== undefined && current !== reviewed;
}

function byPosition(a: Diagnostic, b: Diagnostic): number {
  return (
    a.range.start.line - b.range.start.line ||
    a.range.start.character - b.range.start.character ||
    (a.code < b.code ? -1 : a.code > b.code ? 1 : 0)
  );
}
