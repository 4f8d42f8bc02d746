/**
 * Custom requests and notifications between the reqtrace client and server,
 * declared once and imported by both sides.
 */
import { NotificationType, RequestType } from 'vscode-languageserver-protocol';

/** One requirement as the Requirements view shows it. */
export interface RequirementItem {
  id: string;
  title: string;
  status: string | null;
  version: number;
  /** URI of the spec file that defines it. */
  uri: string;
  /** Workspace-relative path of that file. */
  file: string;
  /** 0-based position of the ID in the definition. */
  line: number;
  character: number;
  covered: boolean;
  needs: string[];
  missing: string[];
  /** Reference counts per coverage kind (`impl` and `test` always present). */
  counts: Record<string, number>;
  /** Number of diagnostics of severity error on this requirement. */
  errors: number;
  /** How many references it has; the references themselves come from `reqtrace/requirementReferences`. */
  referenceCount: number;
}

/** One reference to a requirement, as the Requirements view lists it. */
export interface RequirementReference {
  uri: string;
  file: string;
  line: number;
  character: number;
  kind: string;
}

/** One spec file as the top of the Requirements view shows it: its requirements are asked for when it is expanded. */
export interface SpecFileItem {
  uri: string;
  /** Workspace-relative path. */
  file: string;
  /** Requirements it defines. */
  requirements: number;
  /** Of those, how many need coverage, and how many of these have all they need. */
  needing: number;
  covered: number;
}

export interface WorkspaceFolderSpecFiles {
  /** URI of the workspace folder. */
  folder: string;
  name: string;
  /** Sorted by path. */
  files: SpecFileItem[];
}

export interface WorkspaceFolderRequirements {
  /** URI of the workspace folder. */
  folder: string;
  name: string;
  requirements: RequirementItem[];
}

export interface CoverageSummary {
  requirements: number;
  /** Requirements that need coverage. */
  needing: number;
  /** Of those, how many have all they need. */
  covered: number;
  uncovered: number;
  references: number;
  errors: number;
  warnings: number;
  /** Percentage, one decimal; 100 when nothing needs coverage. */
  coverage: number;
  /** True while the initial index is still being built. */
  indexing: boolean;
}

/**
 * Requirements with their coverage: every one of the workspace; with `uri`
 * (a spec file's) those that file defines, in its folder's entry; with
 * `query`, at most `limit` of those whose ID, title or definition's file
 * contains it (case-insensitive), best matches first (the Go to Requirement
 * picker, as the user types).
 */
export namespace RequirementsRequest {
  export const method = 'reqtrace/requirements';
  export const type = new RequestType<{ uri?: string; query?: string; limit?: number }, WorkspaceFolderRequirements[], void>(method);
}

/** The spec files of every folder with their coverage counts: the top of the Requirements view. */
export namespace SpecFilesRequest {
  export const method = 'reqtrace/specFiles';
  export const type = new RequestType<Record<string, never>, WorkspaceFolderSpecFiles[], void>(method);
}

/** The references of one requirement: `uri` is its spec file's (it names the workspace folder). */
export namespace RequirementReferencesRequest {
  export const method = 'reqtrace/requirementReferences';
  export const type = new RequestType<{ uri: string; id: string }, RequirementReference[], void>(method);
}

export namespace CoverageRequest {
  export const method = 'reqtrace/coverage';
  export const type = new RequestType<Record<string, never>, CoverageSummary, void>(method);
}

/** Sent by the server whenever the index changed (debounced), so views can refresh. */
export namespace IndexChangedNotification {
  export const method = 'reqtrace/indexChanged';
  export const type = new NotificationType<CoverageSummary>(method);
}

/**
 * Client command the code lens on a definition runs, with arguments
 * `[uri: string, position: Position, locations: Location[]]` as JSON.
 */
export const SHOW_REFERENCES_COMMAND = 'reqtrace.showReferences';

/** `initializationOptions` the client sends. */
export interface ReqtraceInitializationOptions {
  /**
   * A folder the extension owns (its workspace storage), where the server
   * keeps a persisted index for fast restarts. Never inside the workspace.
   */
  cacheDir?: string;
  /**
   * The client handles `reqtrace/indexChanged`. Custom notifications are optional: without this,
   * the server sends none (other editors log an unknown notification as an error, or drop it).
   */
  indexChangedNotification?: boolean;
  /**
   * Settings for a client that cannot answer `workspace/configuration` (Neovim 0.7, a plain
   * stdio client): the `reqtrace` section, for every folder. A client that can is asked instead.
   */
  reqtrace?: Partial<ReqtraceSettings>;
  /**
   * True when the editor trusts the workspace. Only then does the server run
   * git (suspect references): a repository's own config can make git run
   * programs. Absent means untrusted; `WorkspaceTrustedNotification` says
   * when trust is granted later.
   */
  trusted?: boolean;
}

/** Sent by the client when the user grants the workspace trust (it is never taken back without a restart). */
export namespace WorkspaceTrustedNotification {
  export const method = 'reqtrace/workspaceTrusted';
  export const type = new NotificationType<Record<string, never>>(method);
}

/** Settings under `reqtrace.*`, as the server reads them with workspace/configuration. */
export interface ReqtraceSettings {
  enable: boolean;
  inlayHints: boolean;
  codeLens: boolean;
}

export const DEFAULT_SETTINGS: ReqtraceSettings = { enable: true, inlayHints: true, codeLens: true };
