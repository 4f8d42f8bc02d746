/**
 * Dialects: the spec and tag formats of other traceability tools. Each one is
 * a parser module of its own; the index, the checks, the LSP and the CLI stay
 * the same. A dialect turns files into the same definitions and reference
 * candidates the house formats produce.
 */
import type { IdMatcher } from '../idPattern';
import type { LineIndex } from '../lineIndex';
import type { CommentSpan, RefCandidate, ReqtraceConfig, RequirementDef, SpecParseResult } from '../types';

/** Where a dialect expects a requirement ID at the cursor, for completion. */
export interface CompletionSite {
  /** The part of the ID already typed (replaced by the completion). */
  typed: string;
  /** How a definition's ID is written at this place (e.g. with its revision). */
  insertText(def: RequirementDef): string;
}

/** What `release: {<dialect>: NAME}` in reqtrace.yaml may name. */
export interface ReleaseField {
  /** What NAME is, for messages: `a Doorstop item attribute`. */
  readonly what: string;
  /** Why NAME cannot hold the release, or undefined when it can. */
  check(name: string): string | undefined;
}

export interface DialectContext {
  /** The house ID matcher (dialects with their own ID syntax may ignore it). */
  ids: IdMatcher;
  config: ReqtraceConfig;
  /** True when a workspace-relative path is a (non-ignored) file of the workspace. */
  fileExists(path: string): boolean;
}

export interface Dialect {
  /** The name used in `dialects:` and `--dialect`. */
  readonly name: string;
  /** One line for help texts and the README. */
  readonly description: string;
  /**
   * Workspace-relative paths (or, starting with `** /`, basenames anywhere)
   * whose presence turns the dialect on without configuration.
   */
  readonly markers?: readonly string[];
  /**
   * The place in this tool's items that can hold a requirement's release,
   * named by `release: {<dialect>: NAME}` in reqtrace.yaml (none of the
   * tools has a release field of its own). Absent: the tool's items have no
   * such place, and a mapping for it is a config error.
   */
  readonly releaseField?: ReleaseField;
  /**
   * True for a file of no known language the dialect reads tags from, on
   * every line, not only in comments (OpenFastTrace's tag importer: by
   * extension). Such a file is read as text.
   */
  readsTextFile?(path: string): boolean;
  /**
   * True when the dialect asks `ctx.fileExists`: only then do index workers
   * get a copy of the workspace's file list (100k paths in a large workspace).
   */
  readonly readsFileList?: boolean;
  /** Claims a file as a spec file of this dialect (checked before the house roles). */
  claimsSpec?(path: string, ctx: DialectContext): boolean;
  /**
   * Parses a spec file: one it claimed, or a house Markdown/YAML spec file
   * (dialects that live inside Markdown, such as OpenFastTrace's, read those too).
   * Undefined = nothing of this dialect in the file.
   */
  parseSpec?(text: string, file: string, ctx: DialectContext): SpecParseResult | undefined;
  /**
   * Finds references in a source or text file. `spans` are the comment spans
   * of a source file (empty for a file of no known language).
   */
  scanReferences?(text: string, file: string, spans: readonly CommentSpan[], lines: LineIndex, ctx: DialectContext): RefCandidate[];
  /**
   * Definitions written in a source or text file (OpenFastTrace's coverage
   * tags generate items that need coverage of their own).
   */
  definitionsInCode?(text: string, file: string, lines: LineIndex, ctx: DialectContext): RequirementDef[];
  /**
   * Completion: whether the cursor, after `lineBefore` (the line's text up
   * to the cursor), is where this dialect's syntax takes an ID. `inComment`
   * tells whether the cursor is inside a comment of a source file.
   */
  completionAt?(lineBefore: string, file: string, inComment: boolean): CompletionSite | undefined;
}
