/**
 * Doorstop's own rules, which need the document tree the index keeps:
 * coverage by child links (Doorstop's "no links from child document"), and
 * whether an item's fingerprints can be compared at all.
 */
import type { WorkspaceIndex } from '../index/workspaceIndex';
import type { RequirementDef } from '../types';

/** The coverage kind of links from items of child documents. */
export const CHILD_LINK = 'child-link';

export interface ChildLinks {
  /** Prefixes of the documents whose parent is the item's document. */
  childDocuments: string[];
  /** Links to the item from items of those documents. */
  links: number;
}

/**
 * Doorstop's non-strict child-link check (`ItemValidator._get_issues_both`):
 * a normative item of a document that has child documents needs a link from
 * an item of any one of them. Undefined when the rule does not apply: not a
 * Doorstop item, a non-normative one (its `needs` is `[]`), or an item of a
 * leaf document.
 */
export function childLinks(index: WorkspaceIndex, def: RequirementDef): ChildLinks | undefined {
  if (def.source !== 'doorstop' || def.needs !== undefined) return undefined;
  const doc = index.documents.documentOf(def.file);
  if (!doc) return undefined;
  const children = index.documents.childDocuments(doc.prefix);
  if (children.length === 0) return undefined;
  const inChild = new Set(children.map((c) => c.folder));
  let links = 0;
  for (const child of index.children(def.id)) {
    const childDoc = index.documents.documentOf(child.file);
    if (child.source === 'doorstop' && childDoc && inChild.has(childDoc.folder)) links++;
  }
  return { childDocuments: children.map((c) => c.prefix), links };
}

/**
 * True when Doorstop's fingerprints of an item can be computed from what
 * reqtrace reads: not when its document adds item attributes to them
 * (`attributes: reviewed:` in `.doorstop.yml`).
 */
export function fingerprintsComparable(index: WorkspaceIndex, def: RequirementDef | undefined): boolean {
  return def?.source !== 'doorstop' || !index.documents.documentOf(def.file)?.extendedReview;
}
