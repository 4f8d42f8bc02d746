/**
 * The server's state for one connection: workspace folders with their
 * engines, open documents, settings, and keeping diagnostics current as
 * files change. Feature handlers live in their own files and use this.
 */
import type { Connection, FileEvent } from 'vscode-languageserver/node';
import { FileChangeType, TextDocuments } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CONFIG_FILE, type Diagnostic, type IndexChange, type Logger } from '../core';
import { IndexChangedNotification, type CoverageSummary, type RequirementGroupItem } from '../protocol';
import { CoverageTally, type SpecFileCounts } from './coverageSummary';
import { SuspectService, type FolderHistoryOpener } from './suspects';
import { RequestYieldingSlicer, type Pauser } from './timeSlicer';
import { toLspDiagnostic } from './lspDiagnostic';
import { openFilesFirst } from './publishOrder';
import { Workspaces, type DiskFolderFactory, type FileRef, type Folder } from './workspaces';

const WATCH_BATCH_MS = 30;
const INDEX_CHANGED_EVERY_MS = 200;
/** Which views of other files (code lenses, inlay hints, semantic tokens) an index change may show in: `hints`, only those. */
export type OtherViews = 'none' | 'hints' | 'all';
/** Watched-file batches at least this large show a work-done progress (a save of a few files should not flash one). */
const WATCH_PROGRESS_MIN_FILES = 100;
const PROGRESS_REPORT_MS = 100;
/** Watched files re-read at once. */
const WATCH_CONCURRENCY = 8;
/** A publish pushes at most this many diagnostics per millisecond, in chunks of PUBLISH_CHUNK. */
const PUBLISH_PER_MS = 5;
/** Diagnostics written before a publish goes on: at most this many wait in the server's own queue ahead of a request's answer (the pipe to the client holds more). */
const PUBLISH_CHUNK = 20;

/** A file re-indexed from disk, and how its index entry changed. */
type FileChange = [file: string, change: IndexChange | undefined];

export class Session {
  readonly documents = new TextDocuments(TextDocument);
  readonly workspaces: Workspaces;
  /** Suspect references (git, trusted workspaces only), merged into each file's diagnostics. */
  readonly suspects: SuspectService;
  /** URIs with diagnostics on the client, so they can be cleared. */
  private readonly published = new Map<string, number>();
  /** Watched-file events not handled yet, the latest per URI, in arrival order. */
  private readonly watchQueue = new Map<string, FileEvent>();
  private watchTimer: NodeJS.Timeout | undefined;
  /** The run handling `watchQueue`, if one is under way; events arriving meanwhile join it. */
  private watchRun: Promise<void> | undefined;
  /** Deleted paths of the batch under way that were not files of the index (folders, perhaps), by folder. */
  private readonly goneFolders = new Map<Folder, Set<string>>();
  private indexChangedTimer: NodeJS.Timeout | undefined;
  /** Each file's share of the coverage summary, recorded whenever the file is checked. */
  private readonly tally = new CoverageTally();
  private indexing = 0;
  /** When the client last asked something (a request, a keystroke): background work steps back for it. */
  private lastClientMessage = -Infinity;
  /** The write of the last diagnostics pushed, done once the connection wrote it (and every one before it). */
  private lastSend: Promise<void> = Promise.resolve();
  private readonly folderIndexedListeners: Array<(folder: Folder) => void> = [];
  /** The client handles `reqtrace/indexChanged` (it said so at initialize); other clients get none. */
  sendsIndexChanged = false;
  /** Called with each `indexChanged` timer, before its `reqtrace/indexChanged`, with what of other files' views its changes may show in. */
  afterIndexChange: (views: OtherViews) => void = () => undefined;
  private viewsChanged: OtherViews = 'none';

  constructor(
    readonly connection: Connection,
    readonly logger: Logger,
    diskFolder?: DiskFolderFactory,
    openHistory?: FolderHistoryOpener,
  ) {
    this.workspaces = new Workspaces(logger, diskFolder);
    this.suspects = new SuspectService(logger, {
      openText: (folder, file) => this.documents.get(this.workspaces.uriOf(folder, file))?.getText(),
      openFiles: (folder) => this.documents.all().flatMap((d) => this.resolve(d.uri) ?? []).flatMap((r) => (r.folder === folder ? [r.file] : [])),
      publish: (folder, files) => this.publishFiles(folder, files),
    }, openHistory);
  }

  /** The open document's text if the editor has it, for prose mentions and completion context. */
  lineText(uri: string, line: number): string | undefined {
    const doc = this.documents.get(uri);
    if (!doc) return undefined;
    return doc.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } }).replace(/\r?\n$|\r$/, '');
  }

  /**
   * The folder and path of a URI. A folder whose first index was not asked for yet (it waits
   * for the settings) has neither its config nor its specs: its files count as outside every
   * folder until then, so requests get neutral answers instead of wrong ones ("unknown
   * requirement") and edits are left to that index, which reads the open editors' text.
   */
  resolve(uri: string): FileRef | undefined {
    const ref = this.workspaces.resolve(uri);
    return ref?.folder.indexRequested ? ref : undefined;
  }

  /** Calls `listener` after each full index of a folder, once its diagnostics are out (also when it was turned off). */
  onFolderIndexed(listener: (folder: Folder) => void): void {
    this.folderIndexedListeners.push(listener);
  }

  /** True while a full index runs, and before every folder's first one has started. */
  get isIndexing(): boolean {
    return this.indexing > 0 || this.workspaces.all().some((f) => !f.indexRequested);
  }

  /** Builds a folder's index from disk, reporting progress; hover works with partial results meanwhile. Calls during a run fold into one rerun. */
  indexFolder(folder: Folder): Promise<void> {
    folder.indexRequested = true;
    if (folder.running) {
      folder.rerun = true;
      return folder.running;
    }
    folder.running = (async () => {
      do {
        folder.rerun = false;
        await this.indexFolderOnce(folder);
      } while (folder.rerun);
      folder.running = undefined;
    })();
    return folder.running;
  }

  private async indexFolderOnce(folder: Folder): Promise<void> {
    if (!folder.settings.enable) {
      // Turned off for this folder: forget its index and its diagnostics.
      for (const f of [...folder.engine.index.files()]) folder.engine.removeFile(f);
      folder.indexed = false;
      await this.publishFolder(folder);
      this.indexChanged();
      for (const listener of this.folderIndexedListeners) listener(folder);
      return;
    }
    this.indexing++;
    const progress = await this.connection.window.createWorkDoneProgress().catch(() => undefined);
    const started = Date.now();
    try {
      progress?.begin(`reqtrace: indexing ${folder.name}`, 0, undefined, false);
      folder.host.resetWalk();
      // An open reqtrace.yaml may hold unsaved edits: they win over the disk.
      const configDoc = this.documents.get(this.workspaces.uriOf(folder, CONFIG_FILE));
      if (configDoc) folder.engine.applyConfigText(configDoc.getText());
      else await folder.engine.loadConfig();
      let lastReport = 0;
      await folder.engine.indexAll(undefined, (done, total) => {
        const now = Date.now();
        if (now - lastReport > 100 || done === total) {
          lastReport = now;
          progress?.report(Math.round((done / Math.max(total, 1)) * 100), `${done}/${total} files`);
        }
      });
      // Open editors may hold unsaved text: it wins over the disk.
      for (const doc of this.documents.all()) {
        const ref = this.resolve(doc.uri);
        if (ref && ref.folder === folder) folder.engine.updateText(ref.file, doc.getText());
      }
      folder.indexed = true;
      const stats = folder.engine.lastIndexStats;
      this.logger.info(`indexed ${folder.name}: ${folder.engine.index.fileCount} files in ${Date.now() - started} ms (${stats.fromCache} from the cache, ${stats.fromWorkers} read by ${stats.workers} worker threads)`);
    } catch (e) {
      this.logger.error(`indexing ${folder.name} failed: ${(e as Error).stack ?? e}`);
    } finally {
      progress?.done();
    }
    try {
      // Still "indexing" for the summary until every file's share is counted again.
      await this.publishFolder(folder);
    } finally {
      this.indexing--;
    }
    if (folder.indexed) this.suspects.folderIndexed(folder);
    this.indexChanged();
    for (const listener of this.folderIndexedListeners) listener(folder);
    // Last: nobody waits for the cache, and writing it at 100k files is a few hundred milliseconds of work.
    const slicer = this.backgroundSlicer();
    await folder.engine.saveIndexCache(() => slicer.pause());
  }

  /** Publishes every file of a folder, clearing files that are gone: in paced slices that step back for requests (100k files take seconds). */
  async publishFolder(folder: Folder): Promise<void> {
    const { engine } = folder;
    const prefix = folder.uri.endsWith('/') ? folder.uri : folder.uri + '/';
    for (const uri of [...this.published.keys()]) {
      if (!uri.startsWith(prefix)) continue;
      const ref = this.resolve(uri);
      if (!ref || ref.folder !== folder || (ref.file !== engine.configFile && !engine.index.entry(ref.file))) this.send(uri, []);
    }
    // Every file is checked again, each replacing its share of the summary; files gone lose theirs now.
    this.tally.keepOnly(folder, (file) => file === engine.configFile || engine.index.entry(file) !== undefined);
    const open = this.documents.all().flatMap((doc) => (this.resolve(doc.uri)?.folder === folder ? [this.resolve(doc.uri)!.file] : []));
    await this.publishFilesPaced(folder, openFilesFirst(engine, open), this.backgroundSlicer());
  }

  /** Clears every diagnostic published for a folder (it was removed from the workspace). */
  clearFolder(folder: Folder): void {
    this.suspects.forget(folder);
    this.tally.forget(folder);
    const prefix = folder.uri.endsWith('/') ? folder.uri : folder.uri + '/';
    for (const uri of [...this.published.keys()]) if (uri.startsWith(prefix)) this.send(uri, []);
  }

  /**
   * True once a folder's index holds the whole workspace: its first full index is done and no other one runs.
   * Before, nearly every diagnostic would be checked against part of the workspace ("unknown requirement" for an
   * ID whose spec is not read yet): the full index publishes every file, open editors' text included, when done.
   */
  isReady(folder: Folder): boolean {
    return folder.indexed && !folder.engine.indexing;
  }

  publishFiles(folder: Folder, files: Iterable<string>): void {
    if (!this.isReady(folder)) return;
    for (const file of files) this.send(this.workspaces.uriOf(folder, file), this.check(folder, file));
  }

  /** A file's diagnostics now, with its share of the coverage summary recorded. */
  private check(folder: Folder, file: string): Diagnostic[] {
    const diagnostics = folder.engine.diagnosticsFor(file);
    for (const d of this.suspects.diagnosticsFor(folder, file)) diagnostics.push(d);
    this.tally.record(folder, file, diagnostics);
    return diagnostics;
  }

  /** Notes that the client asked something (a request, an edit): background work under way steps back for a moment. */
  clientSpoke = (): number => (this.lastClientMessage = performance.now());

  /** For the session's own work (publishes, the cache write, watched files): nobody waits for it, so it steps back. */
  private backgroundSlicer = (): Pauser => new RequestYieldingSlicer(() => this.lastClientMessage);

  /**
   * `publishFiles` for many files, in slices with requests answered in between, and paced: a client
   * handles messages in arrival order, so a flood of diagnostics would hold up the answer to a hover
   * sent after it. The connection writes one message per turn of the event loop: each chunk waits
   * until the one before is written, or an answer would queue behind every notification not yet written.
   */
  private async publishFilesPaced(folder: Folder, files: Iterable<string>, slicer: Pauser): Promise<void> {
    let chunkStart = performance.now();
    let sent = 0;
    for (const file of files) {
      await slicer.pause();
      if (this.send(this.workspaces.uriOf(folder, file), this.check(folder, file))) sent++;
      if (sent < PUBLISH_CHUNK) continue;
      await this.lastSend;
      const wait = PUBLISH_CHUNK / PUBLISH_PER_MS - (performance.now() - chunkStart);
      if (wait > 0) await new Promise<void>((resolve) => setTimeout(resolve, wait));
      chunkStart = performance.now();
      sent = 0;
    }
  }

  /** Pushes a file's diagnostics; false when there was nothing to push (none now, none before). */
  private send(uri: string, diags: Diagnostic[]): boolean {
    if (diags.length === 0 && !this.published.has(uri)) return false;
    if (diags.length === 0) this.published.delete(uri);
    else this.published.set(uri, diags.length);
    // A failed write is the connection's to report (it closes); the publish just goes on.
    this.lastSend = this.connection.sendDiagnostics({ uri, diagnostics: diags.map(toLspDiagnostic) }).catch(() => undefined);
    return true;
  }

  /** An editor buffer changed (or opened): re-index that file from its text. */
  onDocumentText(doc: TextDocument): void {
    this.clientSpoke();
    const ref = this.resolve(doc.uri);
    if (!ref) return;
    if (ref.file === CONFIG_FILE) {
      void this.indexFolder(ref.folder);
      return;
    }
    const change = ref.folder.engine.updateText(ref.file, doc.getText());
    const affected = ref.folder.engine.affectedFiles(ref.file, change);
    this.publishFiles(ref.folder, this.suspects.filesChanged(ref.folder, affected, ref.file));
    // An edit no other file can see (prose in a comment, a requirement's text) has no other editor ask again; a title, only for hints.
    this.indexChanged(affected.size > 1 ? 'all' : change?.titlesChanged ? 'hints' : 'none');
  }

  /** An editor closed: the file on disk is the truth again. */
  async onDocumentClosed(uri: string): Promise<void> {
    const ref = this.resolve(uri);
    if (!ref) return;
    if (ref.file === CONFIG_FILE) {
      void this.indexFolder(ref.folder);
      return;
    }
    const change = await ref.folder.engine.refreshFile(ref.file);
    this.publishFiles(ref.folder, this.suspects.filesChanged(ref.folder, ref.folder.engine.affectedFiles(ref.file, change)));
    this.indexChanged();
  }

  /** Watched-file events come in bursts (a checkout touches thousands): queued, and one run handles the queue; events arriving during it join it. */
  onWatchedFiles(events: FileEvent[]): void {
    // One entry per file, the last event: the file is re-read as it is now anyway (created then changed, a save storm).
    // Events without a URI string are dropped here: the batch runs later, where a throw would be nobody's.
    for (const ev of events ?? []) {
      if (typeof ev?.uri !== 'string') continue;
      this.watchQueue.delete(ev.uri);
      this.watchQueue.set(ev.uri, ev);
    }
    if (this.watchTimer || this.watchRun || this.watchQueue.size === 0) return;
    this.watchTimer = setTimeout(() => {
      this.watchTimer = undefined;
      this.watchRun = this.applyWatchedFiles().finally(() => (this.watchRun = undefined));
    }, WATCH_BATCH_MS);
  }

  /**
   * Drops the queued events of paths the index has no use for, in slices (a burst may hold
   * hundreds of thousands): the client is asked to watch every file, and a build writing
   * thousands of ignored files must not start a batch, or its progress.
   */
  private async dropUnconcerned(slicer: Pauser): Promise<void> {
    for (const [uri, ev] of [...this.watchQueue]) {
      await slicer.pause();
      // A newer event for the same file may have come meanwhile: it is judged in the batch.
      if (this.watchQueue.get(uri) === ev && !this.concernsIndex(uri)) this.watchQueue.delete(uri);
    }
  }

  /** False for a path the index neither reads nor holds nor could hold files below (a build artefact in an ignored folder, node_modules). */
  private concernsIndex(uri: string): boolean {
    const ref = this.resolve(uri);
    if (!ref) return false;
    const { engine } = ref.folder;
    return engine.readsPath(ref.file, false) || engine.readsPath(ref.file, true) || engine.index.entry(ref.file) !== undefined;
  }

  /**
   * Re-reads the queued files, then publishes the diagnostics of every file they affect, in slices:
   * hover and the other requests are answered throughout. Repeats while events keep arriving. Large
   * batches report a work-done progress, which ends once their diagnostics are pushed.
   */
  private async applyWatchedFiles(): Promise<void> {
    const slicer = this.backgroundSlicer();
    await this.dropUnconcerned(slicer);
    const progress =
      this.watchQueue.size >= WATCH_PROGRESS_MIN_FILES ? await this.connection.window.createWorkDoneProgress().catch(() => undefined) : undefined;
    progress?.begin('reqtrace: updating changed files', 0, `0/${this.watchQueue.size} files`, false);
    let done = 0;
    let lastReport = 0;
    const fileDone = (left: number) => {
      done++;
      const now = Date.now();
      if (!progress || now - lastReport < PROGRESS_REPORT_MS) return;
      lastReport = now;
      progress.report(Math.round((done / (done + left)) * 100), `${done}/${done + left} files`);
    };
    try {
      while (this.watchQueue.size > 0) {
        const changes = new Map<Folder, FileChange[]>();
        const reindex = new Set<Folder>();
        await this.refreshQueued(changes, reindex, slicer, fileDone);
        await this.removeGoneFolders(changes, slicer);
        for (const [folder, list] of changes) if (!reindex.has(folder)) await this.publishAffected(folder, list, slicer);
        for (const folder of reindex) await this.indexFolder(folder);
        if (changes.size > 0) this.indexChanged();
      }
    } finally {
      progress?.done();
    }
  }

  /**
   * Re-indexes the queued files, a few at a time: one is read while another is analysed. A file changed
   * again while it is being read waits for that read, so the newer content is indexed last.
   */
  private async refreshQueued(
    changes: Map<Folder, FileChange[]>,
    reindex: Set<Folder>,
    slicer: Pauser,
    fileDone: (left: number) => void,
  ): Promise<void> {
    const inFlight = new Set<string>();
    const takeNext = (): FileEvent | undefined => {
      for (const [uri, ev] of this.watchQueue) {
        if (inFlight.has(uri)) continue;
        this.watchQueue.delete(uri);
        inFlight.add(uri);
        return ev;
      }
      return undefined;
    };
    const worker = async () => {
      for (let ev = takeNext(); ev; ev = takeNext()) {
        await slicer.pause();
        try {
          await this.applyWatchedFile(ev, changes, reindex);
        } catch (e) {
          this.logger.error(`cannot update ${ev.uri}: ${(e as Error).stack ?? e}`);
        } finally {
          inFlight.delete(ev.uri);
        }
        fileDone(this.watchQueue.size + inFlight.size);
      }
    };
    await Promise.all(Array.from({ length: WATCH_CONCURRENCY }, worker));
  }

  /**
   * Removes the indexed files below the deleted paths of the batch that were not files of the
   * index: one pass over the index per batch, however many paths a checkout deleted.
   */
  private async removeGoneFolders(changes: Map<Folder, FileChange[]>, slicer: Pauser): Promise<void> {
    for (const [folder, gone] of this.goneFolders) {
      this.goneFolders.delete(folder);
      let list = changes.get(folder);
      if (!list) changes.set(folder, (list = []));
      for (const file of [...folder.engine.index.files()]) {
        await slicer.pause();
        for (let at = file.indexOf('/'); at > 0; at = file.indexOf('/', at + 1)) {
          if (!gone.has(file.slice(0, at))) continue;
          list.push([file, folder.engine.removeFile(file)]);
          break;
        }
      }
    }
  }

  /**
   * Publishes the files a batch of changes affects. They are found once the index holds the whole
   * batch: a checkout touches the same specs many times, and each is checked once.
   */
  private async publishAffected(folder: Folder, changes: FileChange[], slicer: Pauser): Promise<void> {
    if (!this.isReady(folder)) return;
    const affected = new Set<string>();
    for (const [file, change] of changes) {
      await slicer.pause();
      for (const f of folder.engine.affectedFiles(file, change)) affected.add(f);
    }
    this.suspects.filesChanged(folder, affected);
    await this.publishFilesPaced(folder, affected, slicer);
  }

  /** Re-indexes one file of a watched-file event, noting its change, or the folder when its config or ignore rules changed. */
  private async applyWatchedFile(ev: FileEvent, changes: Map<Folder, FileChange[]>, reindex: Set<Folder>): Promise<void> {
    const ref = this.resolve(ev.uri);
    if (!ref || !this.concernsIndex(ev.uri)) return;
    if (ref.file === CONFIG_FILE || ref.file.endsWith('.gitignore')) {
      reindex.add(ref.folder);
      return;
    }
    // An open editor's buffer wins over the disk until it closes.
    if (ev.type !== FileChangeType.Deleted && this.documents.get(ev.uri)) return;
    const engine = ref.folder.engine;
    let list = changes.get(ref.folder);
    if (!list) changes.set(ref.folder, (list = []));
    if (ev.type === FileChangeType.Deleted && !engine.index.entry(ref.file)) {
      // Perhaps a folder: its deletion comes as one event, and its files go with it once the batch is read.
      let gone = this.goneFolders.get(ref.folder);
      if (!gone) this.goneFolders.set(ref.folder, (gone = new Set()));
      gone.add(ref.file);
      return;
    }
    const change = ev.type === FileChangeType.Deleted ? engine.removeFile(ref.file) : await engine.refreshFile(ref.file);
    list.push([ref.file, change]);
  }

  /**
   * Tells the client that the index changed (`views`: what of other files' views may show it), with the coverage summary as it is
   * when sent: at most once per INDEX_CHANGED_EVERY_MS, the first that long after the change. The timer is not pushed back by later
   * changes: keystrokes closer together would hold every summary back while the user types, the one ending the first publish too.
   */
  indexChanged(views: OtherViews = 'all'): void {
    if (views === 'all' || this.viewsChanged === 'none') this.viewsChanged = views;
    if (this.indexChangedTimer) return;
    this.indexChangedTimer = setTimeout(() => {
      this.indexChangedTimer = undefined;
      this.afterIndexChange(this.viewsChanged);
      this.viewsChanged = 'none';
      if (this.sendsIndexChanged) void this.connection.sendNotification(IndexChangedNotification.type, this.coverageSummary());
    }, INDEX_CHANGED_EVERY_MS);
  }

  /** A folder's spec files with their coverage counts, from the same running totals as the summary. */
  specFileCounts(folder: Folder): SpecFileCounts[] {
    return this.tally.specFiles(folder);
  }

  /** A folder's requirements by release with their counts, from the same running totals. */
  releaseGroups = (folder: Folder): RequirementGroupItem[] => this.tally.releaseGroups(folder);

  /** The coverage summary of every folder: running totals, up to date with every file checked. */
  coverageSummary(): CoverageSummary {
    return this.tally.summary(this.isIndexing);
  }

  dispose(): void {
    if (this.watchTimer) clearTimeout(this.watchTimer);
    if (this.indexChangedTimer) clearTimeout(this.indexChangedTimer);
    this.suspects.dispose();
    // A run under way stops after its current file.
    this.watchQueue.clear();
  }

  /** Writes every folder's index cache still to be written (at shutdown: the next start is then a warm one). */
  async flushCaches(): Promise<void> {
    for (const f of this.workspaces.all()) if (f.engine.cacheSavePending) this.logger.info(`writing the index cache of ${f.name} before exiting`);
    await Promise.all(this.workspaces.all().map((f) => f.engine.saveIndexCache()));
  }
}
