/**
 * One file's entry in the index, and reading its packed candidates as the
 * index and the reports see them.
 */
import { refExplicit, refId, refPin, refRange, refVerbKind, unpackRefs, type PackedRefs } from './packedRefs';
import type { CoverageKind, DocumentSettings, FileProblem, RefCandidate, Reference, RequirementDef } from '../types';

/** Everything the engine learned from one file. */
export interface FileEntry {
  file: string;
  isSpec: boolean;
  isTest: boolean;
  defs: RequirementDef[];
  /** Reference candidates found in the file (packed: see packedRefs.ts). */
  refs: PackedRefs;
  problems: FileProblem[];
  /** The document the file declares for its folder (Doorstop's `.doorstop.yml`). */
  document?: DocumentSettings;
}

/** The reference candidates of an entry as objects (a new array each call). */
export function candidatesOf(entry: FileEntry): RefCandidate[] {
  return unpackRefs(entry.refs);
}

/** The coverage kind of a candidate: its verb's, else the file's (test files test, other files implement). */
export function kindOf(entry: FileEntry, slot: number): CoverageKind {
  return refVerbKind(entry.refs, slot) ?? (entry.isTest ? 'test' : 'impl');
}

/** Resolves the candidate in `slot` of an entry into a reference (the caller checked it counts). */
export function toReference(entry: FileEntry, slot: number): Reference {
  const { refs } = entry;
  const ref: Reference = { id: refId(refs, slot), file: entry.file, range: refRange(refs, slot), kind: kindOf(entry, slot), explicit: refExplicit(refs, slot) };
  const pin = refPin(refs, slot);
  if (pin !== undefined) ref.pin = pin;
  return ref;
}
