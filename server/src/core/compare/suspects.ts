/**
 * Suspect references: a reference is suspect when the last commit that
 * touched its line is older than the newest commit that changed its
 * requirement's title, text, status or needs (requirementHistory.ts). Lines
 * not committed yet (unsaved or uncommitted edits) are newer than anything.
 * Only files that reference a changed requirement are blamed, and a batch
 * over the workspace skips the blame of a file whose every line is known to
 * be older, or newer, than the change from its first and last commit alone.
 */
import type { Engine } from '../engine/engine';
import { changeTime, RequirementHistory, type ContentChange } from './requirementHistory';
import { refCount, refId, refRange } from '../index/packedRefs';
import type { CommitInfo, FileSpans, HistoryHost } from '../workspace/history';
import { throwIfCancelled, type CancellationToken } from '../workspace/host';
import type { Diagnostic, Range } from '../types';

export interface Suspect {
  id: string;
  /** The reference's range. */
  range: Range;
  change: ContentChange;
  /** The commit that last touched the reference's line, when the file was blamed. */
  line?: CommitInfo;
}

interface Ref {
  id: string;
  range: Range;
}

/** Files blamed at once in a batch. */
const BATCH_CONCURRENCY = 4;

export class SuspectFinder {
  readonly history: RequirementHistory;

  constructor(
    readonly engine: Engine,
    readonly host: HistoryHost,
  ) {
    this.history = new RequirementHistory(engine, host);
  }

  /** False when the config turns `suspect-reference` off: then nothing is asked of git. */
  get enabled(): boolean {
    return this.engine.config.severity['suspect-reference'] !== 'off';
  }

  /**
   * The suspect references of one file. `text` is the editor's unsaved text
   * (its lines are blamed as they are in the editor); `spans` (from a batch)
   * may spare the blame.
   */
  async suspectsIn(file: string, token: CancellationToken, options: { text?: string; spans?: FileSpans } = {}): Promise<Suspect[]> {
    if (!this.enabled) return [];
    const refs = this.countedRefs(file);
    const changes = new Map<string, ContentChange>();
    for (const id of new Set(refs.map((r) => r.id))) {
      const change = await this.history.changeOf(id, token);
      throwIfCancelled(token);
      if (change) changes.set(id, change);
    }
    const concerned = refs.filter((r) => changes.has(r.id));
    if (concerned.length === 0) return [];
    const { spans, text } = options;
    const span = text === undefined && spans && !spans.modified.has(file) ? spans.committed.get(file) : undefined;
    // Committed nowhere and not modified: the file is new, every line newer than any change.
    if (text === undefined && spans && !spans.modified.has(file) && !span) return [];
    const out: Suspect[] = [];
    const undecided: Ref[] = [];
    for (const r of concerned) {
      const change = changes.get(r.id)!;
      if (span && changeTime(change) > span.newest) out.push({ id: r.id, range: r.range, change });
      else if (!span || changeTime(change) > span.oldest) undecided.push(r);
    }
    if (undecided.length > 0) {
      const lines = await this.host.blame(file, text, token, span !== undefined);
      throwIfCancelled(token);
      for (const r of undecided) {
        const line = lines[r.range.start.line];
        const change = changes.get(r.id)!;
        if (line && line.time < changeTime(change)) out.push({ id: r.id, range: r.range, change, line });
      }
    }
    return out.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  }

  /**
   * Suspects of many files (every indexed file with references when `files`
   * is not given), a few files at a time, with one pass over the history
   * first so that most files need no blame.
   */
  async suspectsInFiles(
    token: CancellationToken,
    files?: Iterable<string>,
    onFile?: (file: string, suspects: Suspect[]) => void,
    onError?: (file: string, error: Error) => void,
  ): Promise<Map<string, Suspect[]>> {
    const out = new Map<string, Suspect[]>();
    if (!this.enabled) return out;
    const todo = [...(files ?? this.engine.index.files())].filter((f) => this.countedRefs(f).length > 0);
    if (todo.length === 0) return out;
    const spans = await this.host.fileSpans?.(token);
    throwIfCancelled(token);
    // The spec files of every requirement referenced: their histories in one pass rather than one each.
    const specs = new Set<string>();
    for (const f of todo) for (const r of this.countedRefs(f)) {
      const def = this.engine.index.definition(r.id);
      if (def) specs.add(def.file);
    }
    await this.history.prefetch(specs, token);
    let next = 0;
    const worker = async () => {
      while (next < todo.length) {
        const file = todo[next++];
        let found: Suspect[];
        try {
          found = await this.suspectsIn(file, token, { spans });
        } catch (e) {
          // One file's history failing (a blame over its time) costs that file, not the batch.
          if (token.isCancellationRequested || !onError) throw e;
          onError(file, e as Error);
          continue;
        }
        out.set(file, found);
        onFile?.(file, found);
      }
    };
    await Promise.all(Array.from({ length: Math.min(BATCH_CONCURRENCY, todo.length) }, worker));
    return out;
  }

  /** The references of a file that count (as the checks see them). */
  private countedRefs(file: string): Ref[] {
    const entry = this.engine.index.entry(file);
    if (!entry) return [];
    const out: Ref[] = [];
    for (let slot = 0, n = refCount(entry.refs); slot < n; slot++) {
      if (this.engine.index.countsAt(entry, slot)) out.push({ id: refId(entry.refs, slot), range: refRange(entry.refs, slot) });
    }
    return out;
  }
}

/** `abc1234 by Ann on 2026-01-02 ("Tighten the login rule")`, or the uncommitted edits of the spec. */
export function describeChange(change: ContentChange): string {
  const c = change.commit;
  if (!c) return `in uncommitted edits of ${change.file}`;
  return `in ${c.sha.slice(0, 7)} by ${c.author} on ${isoDate(c.authorTime)} ("${c.summary}")`;
}

export function isoDate(seconds: number): string {
  return new Date(seconds * 1000).toISOString().slice(0, 10);
}

/** The `suspect-reference` diagnostics of a file's suspects (none when the config turns the code off). */
export function suspectDiagnostics(engine: Engine, file: string, suspects: readonly Suspect[]): Diagnostic[] {
  const override = engine.config.severity['suspect-reference'];
  if (override === 'off') return [];
  return suspects.map((s) => ({
    code: 'suspect-reference',
    severity: override ?? 'info',
    file,
    range: s.range,
    message: `${s.id} changed after this line was written, ${describeChange(s.change)}; review the code against it, then record the review on this line (the quick fix pins the current version)`,
    requirement: s.id,
  }));
}
