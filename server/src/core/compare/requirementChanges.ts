/**
 * Which requirements a change added, removed or changed, and which of their
 * fields changed. Requirements are matched by ID, wherever they are defined:
 * one that moves to another file is neither added nor removed.
 */
import type { ReqtraceConfig, RequirementDef } from '../types';

/** The fields a change of a requirement can touch: part of `reqtrace diff`'s JSON contract. */
export const CHANGE_FIELDS = ['title', 'text', 'status', 'version', 'parents', 'needs', 'tags', 'release'] as const;
export type ChangeField = (typeof CHANGE_FIELDS)[number];

/**
 * A change of these makes the references to the requirement, and its
 * children, suspect. Not `release`: moving a requirement to another release
 * changes when it is due, not what it asks, so the code that meets it still does.
 */
export const SUSPECT_FIELDS: ReadonlySet<ChangeField> = new Set(['title', 'text', 'status', 'needs']);

/** A requirement as the diff shows it on one side. */
export interface RequirementSide {
  id: string;
  title: string;
  text: string;
  status: string | null;
  version: number;
  parents: string[];
  /** The kinds it needs: its own `Needs`, else its side's config default. */
  needs: string[];
  tags: string[];
  /** The release it is planned for, as written; null without one. */
  release: string | null;
  file: string;
  /** 1-based line of the ID. */
  line: number;
}

export interface RequirementChange {
  id: string;
  /** In CHANGE_FIELDS order. */
  fields: ChangeField[];
  base: RequirementSide;
  head: RequirementSide;
}

/** What `reqtrace diff` compares of a definition (the first one, when an ID is defined twice). */
export function requirementSide(def: RequirementDef, config: ReqtraceConfig): RequirementSide {
  return {
    id: def.id,
    title: def.title,
    text: def.text,
    status: def.status ?? null,
    version: def.version,
    parents: def.parents.map((p) => p.id),
    needs: def.needs ?? config.needs,
    tags: def.tags,
    release: def.release ?? null,
    file: def.file,
    line: def.range.start.line + 1,
  };
}

/**
 * Text as a reader sees it: runs of white space (line breaks included) are one
 * space, so re-indenting or re-flowing a paragraph is no change.
 */
export function normalizedText(text: string): string {
  return text.split(/\s+/).filter(Boolean).join(' ');
}

const list = (xs: readonly string[]) => xs.join('\u0000');

/** How each field is compared. Releases are compared as written: `2.1` and `2.10` differ. */
const SAME: Record<ChangeField, (a: RequirementSide, b: RequirementSide) => boolean> = {
  title: (a, b) => normalizedText(a.title) === normalizedText(b.title),
  text: (a, b) => normalizedText(a.text) === normalizedText(b.text),
  status: (a, b) => a.status === b.status,
  version: (a, b) => a.version === b.version,
  parents: (a, b) => list([...a.parents].sort()) === list([...b.parents].sort()),
  needs: (a, b) => list([...a.needs].sort()) === list([...b.needs].sort()),
  tags: (a, b) => list([...a.tags].sort()) === list([...b.tags].sort()),
  release: (a, b) => a.release === b.release,
};

/** The fields that differ between two sides of one requirement, in CHANGE_FIELDS order. */
export function changedFields(base: RequirementSide, head: RequirementSide): ChangeField[] {
  return CHANGE_FIELDS.filter((f) => !SAME[f](base, head));
}

export interface RequirementChanges {
  added: string[];
  removed: string[];
  changed: RequirementChange[];
}

/** Compares the requirements of two sides by ID. Sorted by ID. */
export function compareRequirements(
  base: ReadonlyMap<string, RequirementSide>,
  head: ReadonlyMap<string, RequirementSide>,
): RequirementChanges {
  const added = [...head.keys()].filter((id) => !base.has(id)).sort();
  const removed = [...base.keys()].filter((id) => !head.has(id)).sort();
  const changed: RequirementChange[] = [];
  for (const id of [...head.keys()].sort()) {
    const b = base.get(id);
    if (!b) continue;
    const h = head.get(id)!;
    const fields = changedFields(b, h);
    if (fields.length > 0) changed.push({ id, fields, base: b, head: h });
  }
  return { added, removed, changed };
}
