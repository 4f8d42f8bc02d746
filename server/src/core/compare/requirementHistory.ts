/**
 * When a requirement last changed. Its spec file's history is walked newest
 * first, each revision parsed by the same parsers as the workspace (house
 * formats and dialects alike), until the requirement's title, text, status
 * or needs differ from what they are now. Whitespace and reflow do not count.
 * Revision lists are cached per spec file (dropped by `reset`, e.g. when HEAD
 * moves); parsed revisions are cached per blob, which never changes.
 */
import type { Engine } from '../engine/engine';
import type { CommitInfo, FileRevision, HistoryHost } from '../workspace/history';
import { throwIfCancelled, type CancellationToken } from '../workspace/host';
import type { RequirementDef } from '../types';
import { normalizedText } from './requirementChanges';
import { deriveOlder, lineCount, sectionsOf, type ParsedDef, type RevisionSections } from './revisionSections';

/** The newest change of a requirement's content. */
export interface ContentChange {
  id: string;
  /** The commit that made it; undefined when the change is in uncommitted edits of the spec file. */
  commit?: CommitInfo;
  /** The spec file, as it is now. */
  file: string;
}

/** A requirement as one revision of its spec file had it. */
interface Snapshot {
  key: string;
  text: string;
}

/** One revision of a spec file, read: its requirements, and what the next older revision is read from. */
interface Parsed {
  snapshots: Map<string, Snapshot>;
  /** Undefined when the revision cannot be the base of a step (see revisionSections.ts). */
  sections?: RevisionSections;
  text: string;
}

/** Revisions parsed per batch: one `git cat-file` reads them all. */
const CHUNK = 8;
/** Parsed revisions kept; past this the cache starts over (a revision is a few KB of snapshots). */
const MAX_PARSED = 4000;

/** Keys of the index's definitions, which are replaced rather than changed: one per object. */
const keys = new WeakMap<object, string>();

/**
 * What counts as a requirement's content: the fields whose change makes its
 * references suspect (SUSPECT_FIELDS, as `reqtrace diff` compares them), with
 * white space collapsed so that reflowing a text changes nothing. Needs are
 * compared as written (a default from reqtrace.yaml is the same at every revision).
 */
export function contentKey(def: Pick<RequirementDef, 'title' | 'text' | 'status' | 'needs'>): string {
  let key = keys.get(def);
  if (key === undefined) {
    key = [normalizedText(def.title), normalizedText(def.text), def.status ?? '', def.needs ? [...def.needs].sort().join(',') : ''].join('\0');
    keys.set(def, key);
  }
  return key;
}

/** Committer time of a change; uncommitted edits are newer than every commit. */
export function changeTime(change: ContentChange): number {
  return change.commit ? change.commit.time : Infinity;
}

export class RequirementHistory {
  private readonly revisionLists = new Map<string, Promise<FileRevision[]>>();
  private readonly parsed = new Map<string, Promise<Parsed>>();
  /** Revisions parsed whole, and read as a step from a newer one (for the tests and the benchmark). */
  readonly stats = { whole: 0, stepped: 0 };
  private readonly changes = new Map<string, { key: string; file: string; change: Promise<ContentChange | undefined> }>();

  constructor(
    private readonly engine: Engine,
    private readonly host: HistoryHost,
  ) {}

  /** Forgets the revision lists (HEAD moved, or the config changed how specs are read). */
  reset(parsedToo = false): void {
    this.revisionLists.clear();
    this.changes.clear();
    if (parsedToo) this.parsed.clear();
  }

  /** Reads the revision lists of many spec files at once, where the host can (a batch over the workspace). */
  async prefetch(files: Iterable<string>, token: CancellationToken): Promise<void> {
    const todo = [...new Set(files)].filter((f) => !this.revisionLists.has(f));
    if (todo.length === 0 || !this.host.fileHistories) return;
    const lists = await this.host.fileHistories(todo, token);
    throwIfCancelled(token);
    for (const [f, list] of lists) if (!this.revisionLists.has(f)) this.revisionLists.set(f, Promise.resolve(list));
  }

  /** The newest change of a defined requirement's content, or undefined when it has none since it was added. */
  changeOf(id: string, token: CancellationToken): Promise<ContentChange | undefined> {
    const def = this.engine.index.definition(id);
    if (!def) return Promise.resolve(undefined);
    const key = contentKey(def);
    const known = this.changes.get(id);
    if (known && known.key === key && known.file === def.file) return known.change;
    const change = this.findChange(def, key, token);
    this.changes.set(id, { key, file: def.file, change });
    // A cancelled or failed walk is not remembered: the next caller walks again.
    change.catch(() => this.changes.get(id)?.change === change && this.changes.delete(id));
    return change;
  }

  private async findChange(def: RequirementDef, key: string, token: CancellationToken): Promise<ContentChange | undefined> {
    const revisions = await this.revisions(def.file, token);
    for (let i = 0; i < revisions.length; i += CHUNK) {
      const batch = revisions.slice(i, i + CHUNK);
      const snapshots = await this.snapshots(def.file, revisions, i, i + batch.length, token);
      for (let j = 0; j < batch.length; j++) {
        const snap = snapshots[j].get(def.id);
        if (snap?.key === key) continue;
        // Not in this revision: it was added after it, and adding is no change. (At the newest: added in uncommitted edits.)
        if (!snap) return undefined;
        const k = i + j;
        return { id: def.id, file: def.file, commit: k === 0 ? undefined : revisions[k - 1].commit };
      }
    }
    return undefined;
  }

  /**
   * The requirement's text as its spec file had it at a time (the newest
   * revision committed then or before), or undefined when it did not exist.
   */
  async textAt(id: string, time: number, token: CancellationToken): Promise<string | undefined> {
    const def = this.engine.index.definition(id);
    if (!def) return undefined;
    const revisions = await this.revisions(def.file, token);
    const at = revisions.findIndex((r) => r.commit.time <= time);
    if (at < 0) return undefined;
    const [snap] = await this.snapshots(def.file, revisions, at, at + 1, token);
    return snap.get(id)?.text;
  }

  private revisions(file: string, token: CancellationToken): Promise<FileRevision[]> {
    let list = this.revisionLists.get(file);
    if (!list) {
      list = this.host.fileHistory(file, token);
      this.revisionLists.set(file, list);
      list.catch(() => this.revisionLists.get(file) === list && this.revisionLists.delete(file));
    }
    return list;
  }

  /**
   * The requirements of `revisions[from..to)`, each read as a step from the
   * next newer revision when that one is read (see revisionSections.ts), else
   * parsed whole as the file is parsed now; blobs not read yet are read together.
   */
  private async snapshots(file: string, revisions: readonly FileRevision[], from: number, to: number, token: CancellationToken): Promise<Array<Map<string, Snapshot>>> {
    const wanted = revisions.slice(from, to);
    const missing = wanted.filter((r) => r.blob !== '' && !this.parsed.has(cacheKey(r.blob, file)));
    if (missing.length > 0) {
      if (this.parsed.size > MAX_PARSED) this.parsed.clear();
      const texts = this.host.readBlobs([...new Set(missing.map((r) => r.blob))], token);
      for (let i = from; i < to; i++) {
        const r = revisions[i];
        const key = cacheKey(r.blob, file);
        if (r.blob === '' || this.parsed.has(key)) continue;
        const newer = i > 0 && revisions[i - 1].blob !== '' ? this.parsed.get(cacheKey(revisions[i - 1].blob, file)) : undefined;
        const parsed = texts.then(async (t) => this.read(file, t.get(r.blob), await newer?.catch(() => undefined)));
        this.parsed.set(key, parsed);
        parsed.catch(() => this.parsed.delete(key));
      }
    }
    const out = await Promise.all(wanted.map(async (r) => (r.blob === '' ? new Map<string, Snapshot>() : (await this.parsed.get(cacheKey(r.blob, file))!).snapshots)));
    throwIfCancelled(token);
    return out;
  }

  /** A revision's requirements: a step from the newer revision when it can be one, else a parse of the whole text. */
  private read(file: string, text: string | undefined, newer: Parsed | undefined): Parsed {
    const role = this.engine.classifier.roleOf(file);
    if (text === undefined || !role) return { snapshots: new Map(), text: text ?? '' };
    // Steps need the house formats alone: a dialect may read a file as a whole.
    const steppable = this.engine.dialects.length === 0 && (role.kind === 'markdown-spec' || role.kind === 'yaml');
    if (steppable && newer?.sections) {
      const prefix = role.kind === 'yaml' ? 'requirements:\n' : '';
      const sections = deriveOlder(newer.sections, newer.text, text, (lines) => this.parseDefs(file, prefix + lines, role, prefix === '' ? 0 : 1));
      if (sections) {
        this.stats.stepped++;
        return { snapshots: new Map(sections.sections.map((s) => [s.id, { key: s.key, text: s.text }])), sections, text };
      }
    }
    this.stats.whole++;
    const defs = this.parseDefs(file, text, role, 0, true)!;
    const snapshots = new Map<string, Snapshot>();
    // The first definition wins, as it does in the index.
    for (const d of defs) if (!snapshots.has(d.id)) snapshots.set(d.id, { key: d.key, text: d.text });
    return { snapshots, sections: steppable ? sectionsOf(defs, lineCount(text)) : undefined, text };
  }

  /** Definitions of a text parsed as `file`; undefined (unless `whole`) when the parse reports a problem. */
  private parseDefs(file: string, text: string, role: NonNullable<ReturnType<Engine['classifier']['roleOf']>>, offset: number, whole = false): ParsedDef[] | undefined {
    const entry = this.engine.analyze(file, text, role);
    if (!whole && entry.problems.length > 0) return undefined;
    return entry.defs.map((d) => ({ id: d.id, line: d.fullRange.start.line - offset, key: contentKey(d), text: d.text }));
  }
}

function cacheKey(blob: string, file: string): string {
  return `${blob}\0${file}`;
}
