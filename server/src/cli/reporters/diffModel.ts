/**
 * What the reporters of `reqtrace diff` render: the diff of two revisions,
 * its JSON (the version 1 contract), and how the user named the two sides.
 * Every diff reporter is a pure function of it.
 */
import { diffWords } from 'diff';
import type { DiffJson, RevisionDiff } from '../../core';

export interface DiffModel {
  diff: RevisionDiff;
  json: DiffJson;
  /** BASE as the user wrote it. */
  baseRev: string;
  /** --head as the user wrote it; undefined for the working tree. */
  headRev?: string;
}

/** One piece of a word diff: unchanged, removed or added text. */
export interface WordPart {
  text: string;
  op: 'same' | 'removed' | 'added';
}

/** The word diff of a requirement's text (jsdiff's `diffWords`). */
export function wordDiff(before: string, after: string): WordPart[] {
  return diffWords(before, after).map((p) => ({ text: p.value, op: p.added ? 'added' : p.removed ? 'removed' : 'same' }));
}

/** `abc1234 (main)`: a short SHA and the name the user gave, when it is not the SHA itself. */
export function sideLabel(sha: string, rev: string | undefined): string {
  if (sha === 'worktree') return 'the working tree';
  const short = sha.slice(0, 12);
  return rev === undefined || sha.startsWith(rev) ? short : `${short} (${rev})`;
}

/** `50% → 62.5%`. */
export function coverageChange(model: DiffModel): string {
  const { base, head } = model.diff.coverage;
  return `${base.coverage}% → ${head.coverage}%`;
}

export function plural(n: number, word: string, words = `${word}s`): string {
  return `${n} ${n === 1 ? word : words}`;
}

/** The fields of a changed requirement, with the old and new value of the short ones (`status: draft → approved`). */
export function fieldSummary(change: RevisionDiff['requirements']['changed'][number]): string[] {
  return change.fields.map((f) => {
    const show = (v: unknown) => (Array.isArray(v) ? (v.length ? v.join(', ') : 'none') : v === null || v === undefined ? 'none' : String(v));
    switch (f) {
      case 'status':
      case 'version':
      case 'parents':
      case 'needs':
      case 'tags':
      case 'release':
        return `${f}: ${show(change.base[f])} → ${show(change.head[f])}`;
      default:
        return f;
    }
  });
}
