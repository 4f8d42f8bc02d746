/**
 * The server's state for one connection: workspace folders with their
 * engines, open documents, settings, and keeping diagnostics current as
 * files change. Feature handlers live in their own files and use this.
 */
import type { Connection, Diagnostic as LspDiagnostic, FileEvent } from 'vscode-languageserver/node';
import { DiagnosticSeverity, FileChangeType, TextDocuments } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CONFIG_FILE } from '../core/config';
import type { Logger } from '../core/host';
import { buildReport } from '../core/report';
import type { Diagnostic } from '../core/types';
import { IndexChangedNotification, type CoverageSummary } from '../protocol';
import { Workspaces, type FileRef, type Folder } from './workspaces';

const WATCH_BATCH_MS = 30;
const INDEX_CHANGED_DEBOUNCE_MS = 200;

export class Session {
  readonly documents = new TextDocuments(TextDocument);
  readonly workspaces: Workspaces;
  /** URIs with diagnostics on the client, so they can be cleared. */
  private readonly published = new Map<string, number>();
  private pendingEvents: FileEvent[] = [];
  private watchTimer: NodeJS.Timeout | undefined;
  private indexChangedTimer: NodeJS.Timeout | undefined;
  private indexing = 0;

  constructor(
    readonly connection: Connection,
    readonly logger: Logger,
    workerScript?: string,
  ) {
    this.workspaces = new Workspaces(logger, workerScript);
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

  /** True while a full index runs, and before every folder's first one has started. */
  get isIndexing(): boolean {
    return this.indexing > 0 || this.workspaces.all().some((f) => !f.indexRequested);
  }

  /**
   * Builds a folder's index from disk, reporting progress; hover works with
   * partial results meanwhile. Calls during a run are folded into one rerun.
   */
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
      this.publishFolder(folder);
      this.indexChanged();
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
      this.logger.info(`indexed ${folder.name}: ${folder.engine.index.fileCount} files in ${Date.now() - started} ms (${stats.fromCache} from the cache)`);
    } catch (e) {
      this.logger.error(`indexing ${folder.name} failed: ${(e as Error).stack ?? e}`);
    } finally {
      progress?.done();
      this.indexing--;
    }
    this.publishFolder(folder);
    this.indexChanged();
  }

  /** Publishes the diagnostics of every file of a folder, clearing those that have none now. */
  publishFolder(folder: Folder): void {
    const byFile = new Map<string, Diagnostic[]>();
    for (const d of folder.engine.diagnostics()) {
      const list = byFile.get(d.file);
      if (list) list.push(d);
      else byFile.set(d.file, [d]);
    }
    const prefix = folder.uri.endsWith('/') ? folder.uri : folder.uri + '/';
    for (const uri of [...this.published.keys()]) {
      if (!uri.startsWith(prefix)) continue;
      const ref = this.resolve(uri);
      if (!ref || ref.folder !== folder || !byFile.has(ref.file)) this.send(uri, []);
    }
    for (const [file, diags] of byFile) this.send(this.workspaces.uriOf(folder, file), diags);
  }

  /** Clears every diagnostic published for a folder (it was removed from the workspace). */
  clearFolder(folder: Folder): void {
    const prefix = folder.uri.endsWith('/') ? folder.uri : folder.uri + '/';
    for (const uri of [...this.published.keys()]) if (uri.startsWith(prefix)) this.send(uri, []);
  }

  publishFiles(folder: Folder, files: Iterable<string>): void {
    for (const file of files) this.send(this.workspaces.uriOf(folder, file), folder.engine.diagnosticsFor(file));
  }

  private send(uri: string, diags: Diagnostic[]): void {
    if (diags.length === 0 && !this.published.has(uri)) return;
    if (diags.length === 0) this.published.delete(uri);
    else this.published.set(uri, diags.length);
    void this.connection.sendDiagnostics({ uri, diagnostics: diags.map(toLspDiagnostic) });
  }

  /** An editor buffer changed (or opened): re-index that file from its text. */
  onDocumentText(doc: TextDocument): void {
    const ref = this.resolve(doc.uri);
    if (!ref) return;
    if (ref.file === CONFIG_FILE) {
      void this.indexFolder(ref.folder);
      return;
    }
    const change = ref.folder.engine.updateText(ref.file, doc.getText());
    this.publishFiles(ref.folder, ref.folder.engine.affectedFiles(ref.file, change));
    this.indexChanged();
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
    this.publishFiles(ref.folder, ref.folder.engine.affectedFiles(ref.file, change));
    this.indexChanged();
  }

  /** Watched-file events arrive in bursts (a checkout touches thousands): batch them. */
  onWatchedFiles(events: FileEvent[]): void {
    // No spread: a checkout can report more events than fit on the stack as arguments.
    // Events without a URI string are dropped here: the batch runs later, where a throw would be nobody's.
    for (const ev of events ?? []) if (typeof ev?.uri === 'string') this.pendingEvents.push(ev);
    if (this.watchTimer) return;
    this.watchTimer = setTimeout(() => {
      this.watchTimer = undefined;
      const batch = this.pendingEvents;
      this.pendingEvents = [];
      void this.applyWatchedFiles(batch);
    }, WATCH_BATCH_MS);
  }

  private async applyWatchedFiles(events: FileEvent[]): Promise<void> {
    const affected = new Map<Folder, Set<string>>();
    const reindex = new Set<Folder>();
    // One event per file, the last: the file is re-read as it is now anyway (created then changed, a save storm).
    const latest = new Map<string, FileEvent>();
    for (const ev of events) {
      latest.delete(ev.uri);
      latest.set(ev.uri, ev);
    }
    for (const ev of latest.values()) {
      const ref = this.resolve(ev.uri);
      if (!ref) continue;
      if (ref.file === CONFIG_FILE || ref.file.endsWith('.gitignore')) {
        reindex.add(ref.folder);
        continue;
      }
      // An open editor's buffer wins over the disk until it closes.
      if (ev.type !== FileChangeType.Deleted && this.documents.get(ev.uri)) continue;
      const engine = ref.folder.engine;
      const change = ev.type === FileChangeType.Deleted ? engine.removeFile(ref.file) : await engine.refreshFile(ref.file);
      let set = affected.get(ref.folder);
      if (!set) affected.set(ref.folder, (set = new Set()));
      for (const f of engine.affectedFiles(ref.file, change)) set.add(f);
    }
    for (const [folder, files] of affected) if (!reindex.has(folder)) this.publishFiles(folder, files);
    for (const folder of reindex) await this.indexFolder(folder);
    if (affected.size > 0) this.indexChanged();
  }

  /** Tells the client (debounced) that the index changed, with the new coverage summary. */
  indexChanged(): void {
    if (this.indexChangedTimer) clearTimeout(this.indexChangedTimer);
    this.indexChangedTimer = setTimeout(() => {
      this.indexChangedTimer = undefined;
      void this.connection.sendNotification(IndexChangedNotification.type, this.coverageSummary());
    }, INDEX_CHANGED_DEBOUNCE_MS);
  }

  coverageSummary(): CoverageSummary {
    const s: CoverageSummary = {
      requirements: 0,
      needing: 0,
      covered: 0,
      uncovered: 0,
      references: 0,
      errors: 0,
      warnings: 0,
      coverage: 100,
      indexing: this.isIndexing,
    };
    for (const folder of this.workspaces.all()) {
      const r = buildReport(folder.engine);
      s.requirements += r.summary.requirements;
      s.references += r.summary.references;
      s.errors += r.summary.errors;
      s.warnings += r.summary.warnings;
      for (const req of r.requirements) {
        if (req.needs.length === 0) continue;
        s.needing++;
        if (req.covered) s.covered++;
        else s.uncovered++;
      }
    }
    s.coverage = s.needing === 0 ? 100 : Math.floor((s.covered * 1000) / s.needing) / 10;
    return s;
  }

  dispose(): void {
    if (this.watchTimer) clearTimeout(this.watchTimer);
    if (this.indexChangedTimer) clearTimeout(this.indexChangedTimer);
  }
}

const SEVERITY = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, info: DiagnosticSeverity.Information };

export function toLspDiagnostic(d: Diagnostic): LspDiagnostic {
  return {
    range: d.range,
    severity: SEVERITY[d.severity],
    code: d.code,
    source: 'reqtrace',
    message: d.message,
    data: d.requirement ? { requirement: d.requirement } : undefined,
  };
}
