/**
 * The traceability difference between two indexed revisions of a workspace —
 * requirements added, removed and changed, references added and removed, the
 * suspects a reviewer must look at, problems new and fixed, coverage before
 * and after — as a pure function of the two engines and the change set. This
 * is the model `reqtrace diff` renders, and its JSON (version 1) a contract.
 */
import type { Engine } from '../engine/engine';
import { toReportDiagnostic, type ReportDiagnostic } from '../engine/report';
import { toReference } from '../index/fileEntry';
import { refCount } from '../index/packedRefs';
import { idPrefix } from '../idPattern';
import type { Reference } from '../types';
import type { ChangeSet } from './changeSet';
import { matchProblems } from './problemMatch';
import { compareRequirements, requirementSide, SUSPECT_FIELDS, type ChangeField, type RequirementChanges, type RequirementSide } from './requirementChanges';

/** A reference as the diff lists it. `line` is 1-based. */
export interface DiffReference {
  requirement: string;
  file: string;
  line: number;
  kind: string;
}

/**
 * A place a reviewer must look at: a reference to a requirement whose title,
 * text, status or needs changed, on a line the change did not touch (`kind`
 * is the reference's), or the definition of a child of such a requirement
 * that the change did not touch (`kind` is `child`).
 */
export interface DiffSuspect extends DiffReference {
  /** The requirement's changed fields that make the place suspect. */
  fields: ChangeField[];
}

/** Coverage as `check`'s summary counts it: requirements needing coverage, those having it, the percentage. */
export interface CoverageTotals {
  needing: number;
  covered: number;
  coverage: number;
}

export interface RevisionDiff {
  requirements: RequirementChanges;
  references: { added: DiffReference[]; removed: DiffReference[] };
  suspects: DiffSuspect[];
  /** New problems are head diagnostics; fixed ones are base diagnostics (base paths and lines). */
  problems: { new: ReportDiagnostic[]; fixed: ReportDiagnostic[] };
  coverage: { base: CoverageTotals; head: CoverageTotals };
}

/** `reqtrace diff --format json`, version 1. */
export interface DiffJson {
  version: 1;
  /** The base commit's SHA. */
  base: string;
  /** The head commit's SHA, or `worktree`. */
  head: string;
  requirements: { added: string[]; removed: string[]; changed: Array<{ id: string; fields: ChangeField[] }> };
  references: { added: DiffReference[]; removed: DiffReference[] };
  suspects: DiffSuspect[];
  problems: { new: ReportDiagnostic[]; fixed: ReportDiagnostic[] };
  coverage: { base: CoverageTotals; head: CoverageTotals };
}

export interface DiffOptions {
  /** Limits what is listed to these files (the run's paths); coverage stays the whole workspace's. */
  inScope?: (file: string) => boolean;
}

/** Compares two indexed revisions. Lists are sorted: the same revisions give the same result. */
export function diffRevisions(base: Engine, head: Engine, changes: ChangeSet, options: DiffOptions = {}): RevisionDiff {
  const inScope = options.inScope ?? (() => true);
  const sides = (e: Engine) => {
    const out = new Map<string, RequirementSide>();
    for (const def of e.index.firstDefinitions()) out.set(def.id, requirementSide(def, e.config));
    return out;
  };
  const baseSides = sides(base);
  const headSides = sides(head);
  const all = compareRequirements(baseSides, headSides);
  const requirements: RequirementChanges = {
    added: all.added.filter((id) => inScope(headSides.get(id)!.file)),
    removed: all.removed.filter((id) => inScope(baseSides.get(id)!.file)),
    changed: all.changed.filter((c) => inScope(c.base.file) || inScope(c.head.file)),
  };

  const references = compareReferences(base, head, changes);
  const problems = compareProblems(base, head, changes, inScope);
  return {
    requirements,
    references: { added: references.added.filter((r) => inScope(r.file)), removed: references.removed.filter((r) => inScope(r.file)) },
    suspects: findSuspects(head, all, changes).filter((s) => inScope(s.file)),
    problems,
    coverage: { base: coverageTotals(base), head: coverageTotals(head) },
  };
}

/** The contract's JSON of a diff. */
export function diffJson(diff: RevisionDiff, base: string, head: string): DiffJson {
  return {
    version: 1,
    base,
    head,
    requirements: {
      added: diff.requirements.added,
      removed: diff.requirements.removed,
      changed: diff.requirements.changed.map((c) => ({ id: c.id, fields: c.fields })),
    },
    references: diff.references,
    suspects: diff.suspects,
    problems: diff.problems,
    coverage: diff.coverage,
  };
}

/**
 * The suspects of a change: every reference at head to a requirement whose
 * title, text, status or needs changed, on a line the change did not touch,
 * and every child of such a requirement whose definition it did not touch.
 */
export function findSuspects(head: Engine, requirements: RequirementChanges, changes: ChangeSet): DiffSuspect[] {
  const out: DiffSuspect[] = [];
  for (const change of requirements.changed) {
    const fields = change.fields.filter((f) => SUSPECT_FIELDS.has(f));
    if (fields.length === 0) continue;
    for (const ref of head.index.references(change.id)) {
      const line = ref.range.start.line + 1;
      if (!changes.lineMap(ref.file).touchedAtHead(line)) out.push({ requirement: change.id, file: ref.file, line, kind: ref.kind, fields });
    }
    for (const child of head.index.children(change.id)) {
      const map = changes.lineMap(child.file);
      if (map.touchesHeadRange(child.fullRange.start.line + 1, child.fullRange.end.line + 1)) continue;
      out.push({ requirement: change.id, file: child.file, line: child.range.start.line + 1, kind: 'child', fields });
    }
  }
  return out.sort(byPlace);
}

/** Counted references of one file, or none when the index does not have it. */
function referencesOf(engine: Engine, file: string | undefined): Reference[] {
  const entry = file === undefined ? undefined : engine.index.entry(file);
  if (!entry) return [];
  const out: Reference[] = [];
  for (let slot = 0, n = refCount(entry.refs); slot < n; slot++) if (engine.index.countsAt(entry, slot)) out.push(toReference(entry, slot));
  return out;
}

/**
 * References added and removed. Only the changed files can differ, and the
 * unchanged ones holding a bare ID whose prefix became defined or undefined.
 * A reference matches one of the same ID and kind at the line it moved to, or,
 * on a line the change rewrote, one in the same hunk.
 */
function compareReferences(base: Engine, head: Engine, changes: ChangeSet): { added: DiffReference[]; removed: DiffReference[] } {
  const pairs = new Map<string, { basePath?: string; headPath?: string }>();
  for (const c of changes.files) pairs.set(`${c.basePath ?? ''}\u0000${c.headPath ?? ''}`, c);
  const flipped = new Set<string>();
  for (const e of [base, head]) {
    for (const def of e.index.firstDefinitions()) {
      const p = idPrefix(def.id);
      // A bare mention of this prefix counts on one side only: its files' references differ.
      if (base.index.counts({ id: def.id, explicit: false }) !== head.index.counts({ id: def.id, explicit: false })) flipped.add(p);
    }
  }
  if (flipped.size > 0) {
    for (const f of [...base.index.filesWithPrefixes(flipped), ...head.index.filesWithPrefixes(flipped)]) {
      if (changes.unchanged(f)) pairs.set(`${f}\u0000${f}`, { basePath: f, headPath: f });
    }
  }
  const added: DiffReference[] = [];
  const removed: DiffReference[] = [];
  for (const { basePath, headPath } of pairs.values()) {
    const map = headPath === undefined ? undefined : changes.lineMap(headPath);
    const place = (line: number, side: 'base' | 'head'): string => {
      if (!map) return 'gone';
      const m = side === 'base' ? map.toHead(line) : map.toBase(line);
      return 'hunk' in m ? `h${m.hunk}` : `l${side === 'base' ? m.line : line}`;
    };
    const waiting = new Map<string, number>();
    const key = (r: Reference, side: 'base' | 'head') => `${r.id}\u0000${r.kind}\u0000${place(r.range.start.line + 1, side)}`;
    const baseRefs = referencesOf(base, basePath);
    for (const r of baseRefs) waiting.set(key(r, 'base'), (waiting.get(key(r, 'base')) ?? 0) + 1);
    for (const r of referencesOf(head, headPath)) {
      const k = key(r, 'head');
      const n = waiting.get(k) ?? 0;
      if (n > 0) waiting.set(k, n - 1);
      else added.push(diffReference(r));
    }
    // The base references left over, in their order.
    for (let i = baseRefs.length - 1; i >= 0; i--) {
      const k = key(baseRefs[i], 'base');
      const n = waiting.get(k) ?? 0;
      if (n === 0) continue;
      waiting.set(k, n - 1);
      removed.push(diffReference(baseRefs[i]));
    }
  }
  return { added: added.sort(byPlace), removed: removed.sort(byPlace) };
}

function diffReference(r: Reference): DiffReference {
  return { requirement: r.id, file: r.file, line: r.range.start.line + 1, kind: r.kind };
}

function compareProblems(base: Engine, head: Engine, changes: ChangeSet, inScope: (file: string) => boolean): RevisionDiff['problems'] {
  const baseDiags = base.diagnostics().map(toReportDiagnostic);
  const headDiags = head.diagnostics().map(toReportDiagnostic);
  const match = matchProblems(baseDiags, headDiags, changes.matchOptions());
  return {
    new: headDiags.filter((d, i) => !match.existing[i] && (d.code === 'invalid-config' || inScope(d.file))),
    fixed: match.fixed.filter((d) => d.code === 'invalid-config' || inScope(changes.headPath(d.file) ?? d.file)),
  };
}

/** Coverage of one side, counted as `check`'s summary counts it (each definition once). */
export function coverageTotals(engine: Engine): CoverageTotals {
  let needing = 0;
  let covered = 0;
  for (const def of engine.index.eachDefinition()) {
    const cov = engine.coverage(def);
    if (cov.needs.length === 0) continue;
    needing++;
    if (cov.covered) covered++;
  }
  return { needing, covered, coverage: needing === 0 ? 100 : Math.floor((covered * 1000) / needing) / 10 };
}

function byPlace(a: DiffReference, b: DiffReference): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return a.line - b.line || (a.requirement < b.requirement ? -1 : a.requirement > b.requirement ? 1 : 0) || (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0);
}
