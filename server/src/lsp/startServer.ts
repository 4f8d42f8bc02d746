/**
 * Wires a connection to a Session and the feature handlers. All state lives
 * in objects created here; nothing is module-level.
 */
import type { CompletionItem, Connection, InitializeParams, InitializeResult } from 'vscode-languageserver/node';
import { DidChangeConfigurationNotification, TextDocumentSyncKind } from 'vscode-languageserver/node';
import type { Logger } from '../core';
import {
  CoverageRequest,
  DEFAULT_SETTINGS,
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
import { guard } from './features/guard';
import { codeLenses, inlayHints } from './features/lenses';
import { definition, hover, implementation, references } from './features/navigation';
import { prepareRename, rename } from './features/rename';
import { requirementReferences, requirementsOf, specFilesOf } from './features/requirementsView';
import { documentSymbols, SEMANTIC_LEGEND, semanticTokens, workspaceSymbols } from './features/symbols';
import { Session } from './session';
import type { Folder } from './workspaces';

export function startServer(connection: Connection, workerScript?: string): void {
  const logger: Logger = {
    info: (m) => connection.console.info(m),
    warn: (m) => connection.console.warn(m),
    error: (m) => connection.console.error(m),
  };
  const session = new Session(connection, logger, workerScript);
  // Work that notifications start (a batch of watched files, a closed editor, a
  // re-index) runs on its own, with nobody to answer: an exception there is
  // logged with its stack, never the end of the server.
  process.on('unhandledRejection', (e) => logger.error(`unexpected failure: ${(e as Error)?.stack ?? e}`));
  process.on('uncaughtException', (e) => logger.error(`unexpected failure: ${e.stack ?? e}`));
  let canPullConfiguration = false;
  let canTrackFolders = false;

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const folders = params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: 'workspace' }] : []);
    const init = (params.initializationOptions ?? {}) as ReqtraceInitializationOptions;
    if (typeof init.cacheDir === 'string' && init.cacheDir !== '') session.workspaces.cacheDir = init.cacheDir;
    // Untrusted unless the client says otherwise: git must not run in a workspace nobody vouched for.
    session.suspects.setTrusted(init.trusted === true, []);
    for (const f of folders) session.workspaces.add(f.uri, f.name);
    canPullConfiguration = !!params.capabilities.workspace?.configuration;
    canTrackFolders = !!params.capabilities.workspace?.workspaceFolders;
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
    const values = (await connection.workspace.getConfiguration(
      folders.map((f) => ({ scopeUri: f.uri, section: 'reqtrace' })),
    )) as Array<Partial<ReqtraceSettings> | null>;
    const toggled: Folder[] = [];
    folders.forEach((f, i) => {
      const next = { ...DEFAULT_SETTINGS, ...(values[i] ?? {}) };
      if (next.enable !== f.settings.enable) toggled.push(f);
      f.settings = next;
    });
    return toggled;
  };

  connection.onInitialized(async () => {
    if (canPullConfiguration) {
      void connection.client.register(DidChangeConfigurationNotification.type, { section: 'reqtrace' }).catch(() => undefined);
    }
    // The library throws when the client cannot send folder changes.
    if (canTrackFolders) connection.workspace.onDidChangeWorkspaceFolders((ev) => {
      for (const r of ev.removed) {
        const folder = session.workspaces.remove(r.uri);
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

  connection.onDidChangeConfiguration(async () => {
    const toggled = await loadSettings().catch((e) => {
      logger.warn(`cannot read settings: ${e}`);
      return [] as Folder[];
    });
    for (const folder of toggled) void session.indexFolder(folder);
    void connection.languages.inlayHint.refresh().catch(() => undefined);
    void connection.sendRequest('workspace/codeLens/refresh').catch(() => undefined);
  });

  session.documents.onDidChangeContent((e) => session.onDocumentText(e.document));
  session.documents.onDidClose((e) => void session.onDocumentClosed(e.document.uri));
  connection.onDidChangeWatchedFiles((p) => session.onWatchedFiles(p.changes));
  connection.onNotification(WorkspaceTrustedNotification.type, () => session.suspects.setTrusted(true, session.workspaces.all()));

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
  connection.onRequest(RequirementReferencesRequest.type, guard(logger, 'requirementReferences', [], (p) => requirementReferences(session, p)));
  connection.onRequest(CoverageRequest.type, guard(logger, 'coverage', emptyCoverageSummary(), () => session.coverageSummary()));
  connection.onShutdown(async () => {
    session.dispose();
    await session.flushCaches();
  });

  session.documents.listen(connection);
  connection.listen();
}
