/**
 * Wires a connection to a Session and the feature handlers. All state lives
 * in objects created here; nothing is module-level. What differs between the
 * Node server and the browser (web worker) one comes in as `ServerSites`.
 */
import type { CompletionItem, Connection, InitializeParams, InitializeResult } from 'vscode-languageserver/node';
import {
  CodeLensRefreshRequest,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  ErrorCodes,
  ResponseError,
  SemanticTokensRefreshRequest,
  TextDocumentSyncKind,
} from 'vscode-languageserver/node';
import type { Logger } from '../core';
import {
  CoverageRequest,
  DEFAULT_SETTINGS,
  HtmlReportRequest,
  RequirementGroupsRequest,
  RequirementReferencesRequest,
  RequirementsRequest,
  SpecFilesRequest,
  WorkspaceTrustedNotification,
  type ReqtraceInitializationOptions,
  type ReqtraceSettings,
} from '../protocol';
import { emptyCoverageSummary } from './coverageSummary';
import { codeActions } from './features/codeActions';
import { completion, resolveCompletion } from './features/completion';
import { requirementGroupsOf } from './features/groupedView';
import { guard as guardHandler } from './features/guard';
import { htmlReport } from './features/htmlReport';
import { codeLenses, inlayHints } from './features/lenses';
import { definition, hover, implementation, references } from './features/navigation';
import { prepareRename, rename } from './features/rename';
import { requirementReferences, requirementsOf, specFilesOf } from './features/requirementsView';
import { documentSymbols, SEMANTIC_LEGEND, semanticTokens, workspaceSymbols } from './features/symbols';
import { Session, type OtherViews } from './session';
import type { FolderHistoryOpener } from './suspects';
import { settingsFrom } from './settings';
import type { DiskFolderFactory, Folder, RemoteHostFactory } from './workspaces';

/** A server-side file watcher set, for clients that cannot watch files (Node only: chokidar). */
export interface ServerWatchers {
  watch(folder: Folder): void;
  unwatch(folder: Folder): void;
  dispose(): Promise<void>;
}

/**
 * The places where the Node server and the browser server differ (nodeSites.ts,
 * browser/browserSites.ts). A site that is off says so once in the log.
 */
export interface ServerSites {
  /** Host and engine options of a folder on the local disk (with the cache and worker threads the site has); none: only remote folders. */
  diskFolder?: DiskFolderFactory;
  /** True when `initializationOptions.cacheDir` is a usable folder for the persisted index. */
  usableCacheDir(dir: string): boolean;
  /** The history of a folder's repository (git), opened once the workspace is trusted; none: no suspect references. */
  history?: FolderHistoryOpener;
  /** Hosts for folders that are not on the local disk; none: every folder is a `file:` URI. */
  remoteHosts?: (connection: Connection, logger: Logger) => RemoteHostFactory;
  /** The server's own file watchers, when the client cannot register any; none: no watching then. */
  ownWatchers?(session: Session, logger: Logger): ServerWatchers;
  /** Routes failures no handler caught (rejections, exceptions) to `log`. */
  catchStrayFailures(log: (e: unknown) => void): void;
  /** One log line per feature this build does not have, said once at start. */
  offFeatures: string[];
}

export function startServer(connection: Connection, sites: ServerSites): void {
  const logger: Logger = {
    info: (m) => connection.console.info(m),
    warn: (m) => connection.console.warn(m),
    error: (m) => connection.console.error(m),
  };
  const session = new Session(connection, logger, sites.diskFolder, sites.history);
  // Every request goes through here: the session hears of each, and its background work steps back for it.
  const guard: typeof guardHandler = (log, name, fallback, handler) =>
    guardHandler(log, name, fallback, (params, token) => {
      session.clientSpoke();
      return handler(params, token);
    });
  session.workspaces.remoteHosts = sites.remoteHosts?.(connection, logger);
  // Work that notifications start (a batch of watched files, a closed editor, a
  // re-index) runs on its own, with nobody to answer: an exception there is
  // logged with its stack, never the end of the server.
  sites.catchStrayFailures((e) => logger.error(`unexpected failure: ${(e as Error)?.stack ?? e}`));
  let canPullConfiguration = false;
  let canTrackFolders = false;
  let canRegisterWatchers = false;
  let canRegisterConfiguration = false;
  let canRefreshInlayHints = false;
  let canRefreshCodeLenses = false;
  let canRefreshSemanticTokens = false;
  /** The server's own file watchers, when the client cannot register any. */
  let ownWatchers: ServerWatchers | undefined;
  session.onFolderIndexed((folder) => ownWatchers?.watch(folder));
  /**
   * Asks the client to ask again for what it shows from the index beside the diagnostics: code
   * lenses, inlay hints and semantic tokens. An editor asks for them when a document changes, not
   * when another file does: without this, a spec's coverage lens stayed as it was while the code
   * beside it gained a reference, and lenses asked for during the first index kept its partial counts.
   * `hints`: only inlay hints (a requirement's title changed, which nothing else of another file shows).
   */
  const refreshViews = (views: OtherViews = 'all') => {
    if (views === 'none') return;
    if (canRefreshInlayHints) void connection.languages.inlayHint.refresh().catch(() => undefined);
    if (views === 'hints') return;
    if (canRefreshCodeLenses) void connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
    if (canRefreshSemanticTokens) void connection.sendRequest(SemanticTokensRefreshRequest.type).catch(() => undefined);
  };
  session.afterIndexChange = refreshViews;
  const watchOnOurOwn = () => {
    if (!sites.ownWatchers) {
      logger.warn('the client does not watch files and this build cannot: files changed outside the editor are seen at the next full index');
      return;
    }
    ownWatchers = sites.ownWatchers(session, logger);
    for (const folder of session.workspaces.all()) ownWatchers.watch(folder);
  };

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const folders = params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: 'workspace' }] : []);
    const init = (params.initializationOptions ?? {}) as ReqtraceInitializationOptions;
    for (const line of sites.offFeatures) logger.info(line);
    if (typeof init.cacheDir === 'string' && sites.usableCacheDir(init.cacheDir)) session.workspaces.cacheDir = init.cacheDir;
    else if (init.cacheDir !== undefined) logger.warn(`ignored initializationOptions.cacheDir ${JSON.stringify(init.cacheDir)}: not an absolute path (no index cache is kept)`);
    const workspace = params.capabilities.workspace;
    canPullConfiguration = !!workspace?.configuration;
    canTrackFolders = !!workspace?.workspaceFolders;
    canRegisterWatchers = !!workspace?.didChangeWatchedFiles?.dynamicRegistration;
    canRegisterConfiguration = !!workspace?.didChangeConfiguration?.dynamicRegistration;
    canRefreshInlayHints = !!workspace?.inlayHint?.refreshSupport;
    canRefreshCodeLenses = !!workspace?.codeLens?.refreshSupport;
    canRefreshSemanticTokens = !!workspace?.semanticTokens?.refreshSupport;
    session.sendsIndexChanged = init.indexChangedNotification === true;
    // A client that can be asked is asked once initialized; the others give their settings here.
    if (!canPullConfiguration) session.workspaces.initialSettings = { ...DEFAULT_SETTINGS, ...settingsFrom(init.reqtrace, logger, 'initializationOptions.reqtrace') };
    // Untrusted unless the client says otherwise: git must not run in a workspace nobody vouched for.
    session.suspects.setTrusted(sites.history !== undefined && init.trusted === true, []);
    for (const f of folders) session.workspaces.add(f.uri, f.name);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: false },
        hoverProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        implementationProvider: true,
        completionProvider: { triggerCharacters: ['-', ' ', ','], resolveProvider: true },
        codeLensProvider: { resolveProvider: false },
        inlayHintProvider: true,
        documentSymbolProvider: true,
        workspaceSymbolProvider: true,
        renameProvider: { prepareProvider: true },
        codeActionProvider: { codeActionKinds: ['quickfix'] },
        semanticTokensProvider: { legend: SEMANTIC_LEGEND, full: true },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'reqtrace', version: '0.1.0' },
    };
  });

  /** Reads each folder's `reqtrace.*` settings; returns the folders whose `enable` changed. */
  const loadSettings = async (): Promise<Folder[]> => {
    if (!canPullConfiguration) return [];
    const folders = session.workspaces.all();
    const values = (await connection.workspace.getConfiguration(folders.map((f) => ({ scopeUri: f.uri, section: 'reqtrace' })))) as unknown[];
    return applySettings(folders.map((f, i) => [f, { ...DEFAULT_SETTINGS, ...settingsFrom(values[i], logger) }]));
  };

  /** Gives folders their new settings; returns those whose `enable` changed. */
  const applySettings = (next: Array<[Folder, ReqtraceSettings]>): Folder[] => {
    const toggled: Folder[] = [];
    for (const [f, settings] of next) {
      if (settings.enable !== f.settings.enable) toggled.push(f);
      f.settings = settings;
    }
    return toggled;
  };

  connection.onInitialized(async () => {
    // Every file: the server decides which ones it reads (that depends on reqtrace.yaml and the .gitignore files).
    if (canRegisterWatchers) {
      void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*' }] }).catch((e) => {
        logger.warn(`the client refused to watch files (${e}): the server watches them itself`);
        watchOnOurOwn();
      });
    } else watchOnOurOwn();
    if (canPullConfiguration && canRegisterConfiguration) {
      void connection.client.register(DidChangeConfigurationNotification.type, { section: 'reqtrace' }).catch(() => undefined);
    }
    // The library throws when the client cannot send folder changes.
    if (canTrackFolders) connection.workspace.onDidChangeWorkspaceFolders((ev) => {
      for (const r of ev.removed) {
        const folder = session.workspaces.remove(r.uri);
        if (folder) ownWatchers?.unwatch(folder);
        if (folder) session.clearFolder(folder);
      }
      if (ev.added.length === 0) return;
      const added = ev.added.map((a) => session.workspaces.add(a.uri, a.name));
      void loadSettings()
        .catch(() => [])
        .then(() => Promise.all(added.map((f) => session.indexFolder(f))));
    });
    await loadSettings().catch((e) => logger.warn(`cannot read settings: ${e}`));
    for (const folder of session.workspaces.all()) await session.indexFolder(folder);
  });

  connection.onDidChangeConfiguration(async (params) => {
    let toggled: Folder[];
    if (canPullConfiguration) {
      toggled = await loadSettings().catch((e) => {
        logger.warn(`cannot read settings: ${e}`);
        return [] as Folder[];
      });
    } else {
      // Pushed: `settings.reqtrace`, over those given at initialize. Neovim pushes its `settings` table, often without it.
      const pushed = (params?.settings as { reqtrace?: unknown } | null | undefined)?.reqtrace;
      if (pushed === undefined) return;
      const next = { ...session.workspaces.initialSettings, ...settingsFrom(pushed, logger, 'workspace/didChangeConfiguration settings.reqtrace') };
      toggled = applySettings(session.workspaces.all().map((f) => [f, { ...next }]));
    }
    for (const folder of toggled) void session.indexFolder(folder);
    refreshViews();
  });

  session.documents.onDidChangeContent((e) => session.onDocumentText(e.document));
  session.documents.onDidClose((e) => void session.onDocumentClosed(e.document.uri));
  connection.onDidChangeWatchedFiles((p) => session.onWatchedFiles(p.changes));
  connection.onNotification(WorkspaceTrustedNotification.type, () => session.suspects.setTrusted(sites.history !== undefined, session.workspaces.all()));

  connection.onHover(guard(logger, 'hover', null, (p, token) => hover(session, p, token)));
  connection.onDefinition(guard(logger, 'definition', null, (p) => definition(session, p)));
  connection.onReferences(guard(logger, 'references', null, (p) => references(session, p)));
  connection.onImplementation(guard(logger, 'implementation', null, (p) => implementation(session, p)));
  connection.onCompletion(guard(logger, 'completion', [], (p) => completion(session, p)));
  // Its neutral answer is the item as it came.
  connection.onCompletionResolve((item, token) => guard(logger, 'completionItem/resolve', item, (i: CompletionItem) => resolveCompletion(session, i))(item, token));
  connection.onCodeLens(guard(logger, 'codeLens', [], (p) => codeLenses(session, p)));
  connection.languages.inlayHint.on(guard(logger, 'inlayHint', [], (p) => inlayHints(session, p)));
  connection.onDocumentSymbol(guard(logger, 'documentSymbol', [], (p) => documentSymbols(session, p)));
  connection.onWorkspaceSymbol(guard(logger, 'workspaceSymbol', [], (p) => workspaceSymbols(session, p)));
  connection.onPrepareRename(guard(logger, 'prepareRename', null, (p) => prepareRename(session, p)));
  connection.onRenameRequest(guard(logger, 'rename', null, (p) => rename(session, p)));
  connection.onCodeAction(guard(logger, 'codeAction', [], (p) => codeActions(session, p)));
  connection.languages.semanticTokens.on(guard(logger, 'semanticTokens', { data: [] }, (p) => semanticTokens(session, p)));
  connection.onRequest(SpecFilesRequest.type, guard(logger, 'specFiles', [], () => specFilesOf(session)));
  connection.onRequest(RequirementsRequest.type, guard(logger, 'requirements', [], (p, token) => requirementsOf(session, p, token)));
  connection.onRequest(RequirementGroupsRequest.type, guard(logger, 'requirementGroups', [], (p, token) => requirementGroupsOf(session, p, token)));
  // No neutral answer: the user asked for the report, and is told why there is none.
  connection.onRequest(HtmlReportRequest.type, (p, token) => htmlReport(session, p, token).catch((e) => Promise.reject(reportFailure(logger, e))));
  connection.onRequest(RequirementReferencesRequest.type, guard(logger, 'requirementReferences', [], (p) => requirementReferences(session, p)));
  connection.onRequest(CoverageRequest.type, guard(logger, 'coverage', emptyCoverageSummary(), () => session.coverageSummary()));
  connection.onShutdown(async () => {
    await ownWatchers?.dispose();
    session.dispose();
    await session.flushCaches();
  });

  session.documents.listen(connection);
  connection.listen();
}

/** An unexpected failure of the HTML report, logged with its stack and answered with its message. */
function reportFailure(logger: Logger, e: unknown): ResponseError<void> {
  if (e instanceof ResponseError) return e;
  logger.error(`htmlReport failed: ${(e as Error)?.stack ?? e}`);
  return new ResponseError(ErrorCodes.InternalError, `the HTML report failed: ${(e as Error)?.message ?? e}`);
}
