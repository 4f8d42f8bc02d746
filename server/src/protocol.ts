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
  /** The release it is planned for, or null. */
  release: string | null;
  tags: string[];
  /**
   * Asked for by hierarchy (`parent` in `reqtrace/requirements`): coverage over
   * it and all its descendants, and how many child requirements it has.
   */
  rollup?: { needing: number; covered: number };
  children?: number;
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
  /** With `offset`/`limit` (a group or a level of the hierarchy): how many there are in all. */
  total?: number;
}

/** What the Requirements view groups by: spec file (the default), release, tag, or the parent hierarchy. */
export type RequirementsGrouping = 'file' | 'release' | 'tag' | 'hierarchy';

/** One group of the Requirements view: a release or a tag, null for the requirements without one. */
export interface RequirementGroupItem {
  key: string | null;
  /** Requirements in the group (one with several tags is in each of their groups). */
  requirements: number;
  /** Of those, how many need coverage, and how many of these have all they need. */
  needing: number;
  covered: number;
}

export interface WorkspaceFolderGroups {
  /** URI of the workspace folder. */
  folder: string;
  name: string;
  /** In natural order of the key (2.9 before 2.10), null last. */
  groups: RequirementGroupItem[];
}

/** Coverage of the requirements planned for one release (null: those without a release). */
export interface ReleaseCoverageItem {
  release: string | null;
  needing: number;
  covered: number;
  /** Percentage, one decimal; 100 when nothing needs coverage. */
  coverage: number;
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
  /** Coverage per release, in natural order, null last; absent when no requirement names a release. */
  releases?: ReleaseCoverageItem[];
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
  export const type = new RequestType<RequirementsParams, WorkspaceFolderRequirements[], void>(method);
}

/**
 * Parameters of `reqtrace/requirements`. Besides `uri` and `query`, the
 * grouped Requirements view asks with `folder` (a workspace folder's URI) for
 * one group (`group`) or one level of the hierarchy (`parent`: a
 * requirement's children, null for the top), a page at a time: `offset`
 * and `limit` (at most 1000), with `total` in the answer.
 */
export interface RequirementsParams {
  uri?: string;
  query?: string;
  limit?: number;
  folder?: string;
  group?: { by: 'release' | 'tag'; key: string | null };
  parent?: string | null;
  offset?: number;
}

/** The groups of the Requirements view by release or by tag, with their counts, per folder. */
export namespace RequirementGroupsRequest {
  export const method = 'reqtrace/requirementGroups';
  export const type = new RequestType<{ by: 'release' | 'tag' }, WorkspaceFolderGroups[], void>(method);
}

/** The HTML report of a workspace folder (the first one without `folder`), as `reqtrace report --format html` writes it. */
export namespace HtmlReportRequest {
  export const method = 'reqtrace/htmlReport';
  export const type = new RequestType<{ folder?: string }, { folder: string; name: string; html: string }, void>(method);
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
 * `[uri: string, position: Position]` (the definition's ID) as JSON: the
 * client shows the result of `textDocument/references` there, without the
 * declaration.
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
