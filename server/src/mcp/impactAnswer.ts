/**
 * reqtrace_impact: what a change does to traceability — `reqtrace diff`'s
 * JSON (requirements added, removed and changed, references added and
 * removed, suspects, new and fixed problems, coverage base → head), from the
 * same shared comparison (git/workspaceDiff.ts), with every list capped and a
 * short summary in words first.
 */
import type { DiffJson, DiffReference, DiffSuspect, Engine, ReportDiagnostic, RevisionDiff } from '../core';
import { GitError } from '../git/gitProcess';
import type { CommitIndexOptions } from '../git/revisions';
import { diffWorkspace } from '../git/workspaceDiff';
import { cap, clip, type Capped } from './bounds';
import type { Answer } from './requirementAnswers';
import { ToolInputError } from './workspacePath';

/**
 * Compares `revs.base` with `revs.head` (undefined: the working tree, whose
 * index is the server's own `engine`, up to date with the disk). A git
 * failure (not a repository, a bad revision, a shallow clone) is a tool
 * error with the line `reqtrace diff` prints.
 */
export async function impactAnswer(root: string, options: CommitIndexOptions, engine: Engine, revs: { base: string; head?: string }, limit: number): Promise<Answer> {
  try {
    const r = await diffWorkspace({
      root,
      baseRev: revs.base,
      headRev: revs.head,
      names: { base: 'base', head: 'head' },
      options,
      worktree: async () => engine,
    });
    const label = (sha: string, rev: string) => (sha.startsWith(rev) ? sha.slice(0, 12) : `${clip(rev, 100)} (${sha.slice(0, 12)})`);
    const labels = { base: label(r.base, revs.base), head: r.head === undefined ? 'the working tree' : label(r.head, revs.head!) };
    return renderImpact(r.json, r.diff, labels, limit);
  } catch (e) {
    if (e instanceof GitError) throw new ToolInputError(e.message);
    throw e;
  }
}

/** The lists of the answer, by the name their counts go under. */
const LISTS = ['requirementsAdded', 'requirementsRemoved', 'requirementsChanged', 'referencesAdded', 'referencesRemoved', 'suspects', 'problemsNew', 'problemsFixed'] as const;
export type ImpactList = (typeof LISTS)[number];

function plural(n: number, word: string, words = `${word}s`): string {
  return `${n} ${n === 1 ? word : words}`;
}

const ref = <R extends DiffReference>(r: R): R => ({ ...r, file: clip(r.file) });
const problem = (d: ReportDiagnostic): ReportDiagnostic => ({ ...d, file: clip(d.file), message: clip(d.message) });
const place = (r: DiffReference) => `${r.file}:${r.line}`;
const problemLine = (d: ReportDiagnostic) => `${d.file}:${d.line}:${d.column}: ${d.severity} ${d.code} ${d.message}`;

/** `a; b; c … truncated: 3 more`. */
function joined<T>(c: Capped<T>, show: (t: T) => string): string {
  return c.items.map(show).join('; ') + (c.truncated > 0 ? ` … truncated: ${c.truncated} more` : '');
}

/**
 * The answer for one comparison. `labels` say what was compared
 * (`HEAD (1a2b3c4d5e6f)`, `the working tree`).
 */
export function renderImpact(json: DiffJson, diff: RevisionDiff, labels: { base: string; head: string }, limit: number): Answer {
  const lists = {
    requirementsAdded: cap(json.requirements.added, limit),
    requirementsRemoved: cap(json.requirements.removed, limit),
    requirementsChanged: cap(
      diff.requirements.changed.map((c) => ({ id: c.id, title: clip(c.head.title), fields: c.fields })),
      limit,
    ),
    referencesAdded: cap(json.references.added.map(ref), limit),
    referencesRemoved: cap(json.references.removed.map(ref), limit),
    suspects: cap(json.suspects.map((s: DiffSuspect) => ref(s)), limit),
    problemsNew: cap(json.problems.new.map(problem), limit),
    problemsFixed: cap(json.problems.fixed.map(problem), limit),
  } satisfies Record<ImpactList, Capped<unknown>>;
  const counts = Object.fromEntries(LISTS.map((k) => [k, { total: lists[k].total, truncated: lists[k].truncated }])) as Record<ImpactList, { total: number; truncated: number }>;
  const truncated = LISTS.reduce((n, k) => n + lists[k].truncated, 0);
  const { base, head } = json.coverage;

  const lines: string[] = [`Impact of ${labels.head} against ${labels.base}:`];
  const r = lists;
  for (const c of r.requirementsChanged.items) lines.push(`${c.id} changed (${c.fields.join(', ')}): ${c.title}`);
  if (r.requirementsChanged.truncated > 0) lines.push(`… truncated: ${r.requirementsChanged.truncated} more changed requirements`);
  if (r.requirementsAdded.total) lines.push(`${plural(r.requirementsAdded.total, 'requirement')} added: ${joined(r.requirementsAdded, (id) => id)}`);
  if (r.requirementsRemoved.total) lines.push(`${plural(r.requirementsRemoved.total, 'requirement')} removed: ${joined(r.requirementsRemoved, (id) => id)}`);
  if (r.suspects.total) {
    lines.push(`${plural(r.suspects.total, 'suspect reference')} to review: ${joined(r.suspects, (s) => `${place(s)} (${s.kind} ${s.requirement}: ${s.fields.join(', ')} changed)`)}`);
  }
  if (r.referencesAdded.total) lines.push(`${plural(r.referencesAdded.total, 'reference')} added: ${joined(r.referencesAdded, (x) => `${place(x)} ${x.kind} ${x.requirement}`)}`);
  if (r.referencesRemoved.total) lines.push(`${plural(r.referencesRemoved.total, 'reference')} removed: ${joined(r.referencesRemoved, (x) => `${place(x)} ${x.kind} ${x.requirement}`)}`);
  if (r.problemsNew.total) lines.push(`${plural(r.problemsNew.total, 'new problem')}: ${joined(r.problemsNew, problemLine)}`);
  if (r.problemsFixed.total) lines.push(`${plural(r.problemsFixed.total, 'fixed problem')}: ${joined(r.problemsFixed, problemLine)}`);
  if (lines.length === 1) lines.push('no requirement, reference or problem changed');
  lines.push(`coverage ${base.coverage}% → ${head.coverage}% (${base.covered}/${base.needing} → ${head.covered}/${head.needing} requirements covered)`);
  if (truncated > 0) lines.push(`… truncated: ${truncated} more items in all; pass a larger limit (at most 200)`);

  return {
    text: lines.join('\n'),
    structured: {
      version: json.version,
      base: json.base,
      head: json.head,
      requirements: { added: r.requirementsAdded.items, removed: r.requirementsRemoved.items, changed: r.requirementsChanged.items },
      references: { added: r.referencesAdded.items, removed: r.referencesRemoved.items },
      suspects: r.suspects.items,
      problems: { new: r.problemsNew.items, fixed: r.problemsFixed.items },
      coverage: json.coverage,
      counts,
      truncated,
    },
  };
}
