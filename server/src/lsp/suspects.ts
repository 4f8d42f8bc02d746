/**
 * Suspect references in the editor: which references' requirements changed
 * after their line was committed, kept per folder and file, and worked out in
 * the background: open files first (blamed with their unsaved text), then the
 * rest of the folder, one file at a time, cancelled when the folder is
 * indexed again. The history comes from the site (the Node server's is git,
 * nodeSites.ts; the browser server has none) and is opened only once the
 * workspace is trusted; without it, or outside a repository, the feature is
 * off, with one line in the log.
 */
import {
  CancelledError,
  SuspectFinder,
  suspectDiagnostics,
  type CancellationToken,
  type Diagnostic,
  type FileSpans,
  type HistoryHost,
  type Logger,
  type Suspect,
} from '../core';
import type { Folder } from './workspaces';

/** A repository's history as the editor's suspect service reads it (git's: server/src/git/historyHost.ts). */
export interface FolderHistory extends HistoryHost {
  /** The commit HEAD names now: when it moves, histories are read again. */
  head(token?: CancellationToken): Promise<string | undefined>;
  fileSpans(token: CancellationToken): Promise<FileSpans | undefined>;
  /** Ends whatever processes the history keeps. */
  dispose(): void;
}

/** Opens the history of the repository holding `root`, or says why there is none (one line for the log). */
export type FolderHistoryOpener = (root: string) => Promise<FolderHistory | string>;

/** Edits settle this long before the edited files are blamed again. */
const EDIT_DEBOUNCE_MS = 300;

interface FolderState {
  finder?: SuspectFinder;
  /** Set once the folder turned out to have no history (logged once). */
  off?: boolean;
  opening?: Promise<SuspectFinder | undefined>;
  results: Map<string, Suspect[]>;
  /** Files to work out, in order: open files first. */
  queue: Set<string>;
  running?: Promise<void>;
  token: { isCancellationRequested: boolean };
  head?: string;
  spans?: FileSpans;
  spansRead: boolean;
  /** Edited files waiting for the debounce. */
  edited: Set<string>;
  timer?: NodeJS.Timeout;
}

export interface SuspectHooks {
  /** The open editor's text of a file, if it is open. */
  openText(folder: Folder, file: string): string | undefined;
  /** Files of the folder open in the editor. */
  openFiles(folder: Folder): string[];
  /** Publishes the diagnostics of files whose suspects changed. */
  publish(folder: Folder, files: string[]): void;
}

export class SuspectService {
  private trusted = false;
  private readonly states = new Map<Folder, FolderState>();

  constructor(
    private readonly logger: Logger,
    private readonly hooks: SuspectHooks,
    /** The site's history (git on Node); none: suspect references are off. */
    private readonly openHistory?: FolderHistoryOpener,
  ) {}

  /** Whether the workspace is trusted; becoming trusted starts the work on every indexed folder. */
  setTrusted(trusted: boolean, folders: Folder[]): void {
    const granted = trusted && !this.trusted;
    this.trusted = trusted;
    if (!trusted) this.logger.info('suspect references are off until the workspace is trusted (they need git)');
    if (granted) for (const f of folders) if (f.indexed) this.folderIndexed(f);
  }

  /** The `suspect-reference` diagnostics of a file, as last worked out. */
  diagnosticsFor(folder: Folder, file: string): Diagnostic[] {
    const found = this.states.get(folder)?.results.get(file);
    return found && found.length > 0 ? suspectDiagnostics(folder.engine, file, found) : [];
  }

  /** The suspect reference starting where `range` starts, if any. */
  suspectAt(folder: Folder, file: string, line: number, character: number): Suspect | undefined {
    return this.states.get(folder)?.results.get(file)?.find((s) => s.range.start.line === line && s.range.start.character === character);
  }

  finderOf(folder: Folder): SuspectFinder | undefined {
    return this.states.get(folder)?.finder;
  }

  /** A folder was (re)indexed: everything is worked out again, open files first. */
  folderIndexed(folder: Folder): void {
    if (!this.trusted || !folder.settings.enable) return;
    const state = this.stateOf(folder);
    state.token.isCancellationRequested = true;
    state.token = { isCancellationRequested: false };
    state.spansRead = false;
    state.spans = undefined;
    state.finder?.history.reset(true);
    // Read HEAD (and the histories) again on the next run.
    state.head = undefined;
    const files = new Set(this.hooks.openFiles(folder));
    for (const f of folder.engine.index.files()) files.add(f);
    // Files that are gone lose their suspects now.
    const gone = [...state.results.keys()].filter((f) => !folder.engine.index.entry(f));
    for (const f of gone) state.results.delete(f);
    if (gone.length > 0) this.hooks.publish(folder, gone);
    state.queue = files;
    this.kick(folder, state);
  }

  /**
   * Files changed (edited in the editor, or on disk), with the files their
   * change affects. An edited file's suspects are dropped at once (their
   * places moved); all are worked out again once the edits settle. Returns `files`.
   */
  filesChanged<T extends Iterable<string>>(folder: Folder, files: T, edited?: string): T {
    const state = this.trusted ? this.states.get(folder) : undefined;
    if (!state) return files;
    if (edited !== undefined) state.results.delete(edited);
    for (const f of files) state.edited.add(f);
    if (state.timer) clearTimeout(state.timer);
    state.timer = setTimeout(() => {
      state.timer = undefined;
      // Edited files go first, before the background work left.
      const open = new Set(this.hooks.openFiles(folder));
      const first = [...state.edited].sort((a, b) => Number(open.has(b)) - Number(open.has(a)));
      state.queue = new Set([...first, ...state.queue]);
      state.edited.clear();
      this.kick(folder, state);
    }, EDIT_DEBOUNCE_MS);
    return files;
  }

  forget(folder: Folder): void {
    const state = this.states.get(folder);
    if (!state) return;
    state.token.isCancellationRequested = true;
    if (state.timer) clearTimeout(state.timer);
    (state.finder?.host as FolderHistory | undefined)?.dispose();
    this.states.delete(folder);
  }

  dispose(): void {
    for (const f of [...this.states.keys()]) this.forget(f);
  }

  private stateOf(folder: Folder): FolderState {
    let state = this.states.get(folder);
    if (!state) {
      state = { results: new Map(), queue: new Set(), token: { isCancellationRequested: false }, spansRead: false, edited: new Set() };
      this.states.set(folder, state);
    }
    return state;
  }

  private kick(folder: Folder, state: FolderState): void {
    if (state.running || state.off) return;
    state.running = this.run(folder, state)
      .catch((e) => this.logger.error(`suspect references of ${folder.name} failed: ${(e as Error).stack ?? e}`))
      .finally(() => {
        state.running = undefined;
        // Work queued while the last file was finishing.
        if (state.queue.size > 0 && this.states.get(folder) === state) this.kick(folder, state);
      });
  }

  private async run(folder: Folder, state: FolderState): Promise<void> {
    const finder = await this.finderFor(folder, state);
    if (!finder || !finder.enabled) {
      // Off (no git, or `suspect-reference: off`): nothing to work out until the folder is indexed again.
      state.queue.clear();
      return;
    }
    const token = state.token;
    const host = finder.host as FolderHistory;
    const head = await host.head(token).catch(() => undefined);
    if (head !== state.head) {
      // A commit, checkout or pull (no file event tells of a commit): the histories are read again (parsed
      // revisions stay: blobs never change), and every file is worked out again, open ones first.
      if (state.head !== undefined) state.queue = new Set([...state.queue, ...this.hooks.openFiles(folder), ...folder.engine.index.files()]);
      finder.history.reset();
      state.spansRead = false;
      state.head = head;
      // Every spec file's history in one git run, rather than one run each as files need them.
      const specs = new Set(folder.engine.index.allDefinitions().map((d) => d.file));
      await finder.history.prefetch(specs, token).catch((e) => e instanceof CancelledError || this.logger.warn(`spec histories of ${folder.name}: ${(e as Error).message}`));
    }
    while (state.queue.size > 0 && !token.isCancellationRequested) {
      const file: string = state.queue.values().next().value!;
      state.queue.delete(file);
      const text = this.hooks.openText(folder, file);
      let found: Suspect[];
      try {
        const spans = text === undefined ? await this.spansOf(state, host, token) : undefined;
        found = await finder.suspectsIn(file, token, { text, spans });
      } catch (e) {
        if (e instanceof CancelledError || token.isCancellationRequested) return;
        // One file's blame failing or overrunning its time leaves that file without suspects, not the others.
        this.logger.warn(`suspect references of ${file}: ${(e as Error).message}`);
        found = [];
      }
      if (token.isCancellationRequested) return;
      if (!sameSuspects(state.results.get(file), found)) {
        if (found.length > 0) state.results.set(file, found);
        else state.results.delete(file);
        this.hooks.publish(folder, [file]);
      }
    }
  }

  private async spansOf(state: FolderState, host: FolderHistory, token: CancellationToken) {
    if (!state.spansRead) {
      state.spans = await host.fileSpans(token).catch((e) => {
        if (e instanceof CancelledError) throw e;
        return undefined;
      });
      state.spansRead = true;
    }
    return state.spans;
  }

  private finderFor(folder: Folder, state: FolderState): Promise<SuspectFinder | undefined> {
    if (state.finder) return Promise.resolve(state.finder);
    state.opening ??= (this.openHistory?.(folder.root) ?? Promise.resolve('this build has no git')).then((host) => {
      state.opening = undefined;
      if (typeof host === 'string') {
        state.off = true;
        this.logger.info(`suspect references are off in ${folder.name}: ${host}`);
        return undefined;
      }
      state.finder = new SuspectFinder(folder.engine, host);
      return state.finder;
    });
    return state.opening;
  }
}

function sameSuspects(a: Suspect[] | undefined, b: Suspect[]): boolean {
  const key = (s: Suspect) => `${s.id}@${s.range.start.line}:${s.range.start.character}:${s.change.commit?.sha ?? '-'}:${s.line?.sha ?? '-'}`;
  return (a ?? []).map(key).join('\n') === b.map(key).join('\n');
}
