/**
 * Data model of the reqtrace engine. Pure data: no `vscode`, no LSP connection.
 *
 * Positions are 0-based lines and 0-based UTF-16 code-unit columns (what
 * JavaScript string indices and LSP both use). Reporters add 1 for humans.
 */

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export type Severity = 'error' | 'warning' | 'info';

/** The stable diagnostic codes: part of the CLI and LSP contract. */
export const DIAGNOSTIC_CODES = [
  'unknown-requirement',
  'duplicate-requirement',
  'uncovered-requirement',
  'deprecated-reference',
  'stale-reference',
  'broken-link',
  'link-cycle',
  'invalid-spec',
  'invalid-config',
  'unreviewed-item',
  'unwanted-coverage',
  'suspect-reference',
] as const;
export type DiagnosticCode = (typeof DIAGNOSTIC_CODES)[number];

export const STATUSES = ['draft', 'proposed', 'approved', 'implemented', 'deprecated'] as const;
export type Status = (typeof STATUSES)[number];

/** Coverage kinds. `impl` and `test` are built in; configs may name others. */
export type CoverageKind = string;

/** A link from a definition to another requirement (a parent). */
export interface LinkRef {
  id: string;
  /** Where the ID is written, for go-to-definition and `broken-link`. */
  range: Range;
  /**
   * The parent's fingerprint when the link was last reviewed (Doorstop).
   * When it differs from the parent's current `fingerprint`, the link is
   * suspect: a `stale-reference`.
   */
  fingerprint?: string;
  /**
   * The link is not a parent link but another relation, named here
   * (StrictDoc's `Child`, written on the parent; a sphinx-needs link type
   * such as `tests`). It must name a defined requirement, like a parent
   * link, but is not part of the parent hierarchy.
   */
  relation?: string;
  /** A dead link is allowed (sphinx-needs `allow_dead_links`): worth an info, not an error. */
  deadAllowed?: true;
}

/** A requirement definition found in a spec file. */
export interface RequirementDef {
  id: string;
  title: string;
  /** Raw status as written (lower-cased); validated by the checks. */
  status?: string;
  /** Coverage kinds this requirement needs; undefined means the config's default. */
  needs?: CoverageKind[];
  version: number;
  tags: string[];
  /** The release (milestone) the requirement is planned for, as written. */
  release?: string;
  parents: LinkRef[];
  /** The requirement's text (Markdown), without the attribute lines. */
  text: string;
  /** Workspace-relative path with forward slashes. */
  file: string;
  /** Range of the ID itself in the definition. */
  range: Range;
  /** Range of the whole definition (heading to end of section, or the YAML mapping). */
  fullRange: Range;
  /** Parser that produced it: `markdown`, `yaml`, or a dialect name. */
  source: string;
  /**
   * Coverage must pin exactly this version to count (OpenFastTrace's model:
   * an item is identified by its revision). Off for the house formats, where
   * a stale pin warns but still covers.
   */
  strictVersion?: boolean;
  /** A digest of the requirement's content, compared with its children's links (Doorstop). */
  fingerprint?: string;
  /** True when the ID is the file's name (Doorstop): renaming it means renaming the file. */
  idIsFileName?: boolean;
  /**
   * Whether the requirement needs no coverage. Unset: decided by its status
   * (draft and deprecated are exempt). Dialects with other rules set it.
   */
  exempt?: boolean;
  /**
   * The dialect's tool has no coverage rule of this kind (Doorstop items,
   * StrictDoc, sphinx-needs): without `needs` written in reqtrace.yaml the
   * requirement needs no coverage by reference, instead of the default
   * `[impl, test]`. A dialect rule (Doorstop's child links) may still apply.
   */
  needsOnlyIfConfigured?: boolean;
  /**
   * The review stamp written in the item (Doorstop's `reviewed`) and the one
   * its current content gives: when they differ, the item has unreviewed changes.
   */
  review?: { stored: string; current: string; range: Range };
  /** The item was generated from a coverage tag in code (OpenFastTrace `[impl->dsn~a~1>>utest]`), not written in a spec. */
  fromTag?: boolean;
}

/**
 * A document that groups items by folder (Doorstop's `.doorstop.yml`): the
 * items in its folder and in sub-folders without a document of their own.
 */
export interface DocumentSettings {
  /** The document's prefix (`REQ`). */
  prefix: string;
  /** The prefix of the parent document, when it has one. */
  parent?: string;
  /** True when extra item attributes enter the review stamp (Doorstop `attributes: reviewed:`), which reqtrace does not compute. */
  extendedReview?: boolean;
}

/**
 * A candidate reference found in a comment. Whether a bare candidate counts
 * as a reference depends on the whole workspace (its prefix must be the
 * prefix of some defined requirement), so the scanner keeps every candidate
 * and the index decides.
 */
export interface RefCandidate {
  id: string;
  range: Range;
  /** True when written with a verb (`@impl`, `Implements:`...): always a reference. */
  explicit: boolean;
  /** Coverage kind named by the verb, if any (`impl`, `test`); else from the file. */
  verbKind?: CoverageKind;
  /** A version pin, `AUTH-001@2`. */
  pin?: number;
  /** Where the pin is written, `@` included (so a fix can replace `@01` whole); empty where a pin is implied. */
  pinRange?: Range;
  /** How this syntax writes a pin: `@` (default) or Tracey's `+`. */
  pinPrefix?: string;
}

/** A resolved reference: a candidate that counts, with its kind decided. */
export interface Reference {
  id: string;
  file: string;
  range: Range;
  kind: CoverageKind;
  explicit: boolean;
  pin?: number;
}

/** A problem found while parsing one file (invalid-spec, invalid-config). */
export interface FileProblem {
  code: DiagnosticCode;
  severity: Severity;
  message: string;
  range: Range;
  requirement?: string;
}

export interface Diagnostic {
  code: DiagnosticCode;
  severity: Severity;
  message: string;
  file: string;
  range: Range;
  /** The requirement ID concerned, when there is one. */
  requirement?: string;
}

/** What one spec parser returns for one file. */
export interface SpecParseResult {
  definitions: RequirementDef[];
  problems: FileProblem[];
  /** References written in the spec itself (e.g. OpenFastTrace's `Covers:`). */
  references?: RefCandidate[];
  /** The document this file declares for its folder (Doorstop's `.doorstop.yml`). */
  document?: DocumentSettings;
}

/**
 * A span of comment text in a document: `[start, end)` offsets into the
 * original text. The reference scanner only looks inside these spans.
 */
export interface CommentSpan {
  start: number;
  end: number;
}

/** Severity set for a diagnostic code in `reqtrace.yaml`; `off` drops it. */
export type SeverityOverride = Severity | 'off';

/** The workspace's configuration, as `reqtrace.yaml` gives it (see workspace/config.ts). */
export interface ReqtraceConfig {
  /** Globs of spec files; undefined = every Markdown and YAML file. */
  specs?: string[];
  /** Globs of source files; undefined = every file of a known language. */
  sources?: string[];
  /** Globs never read (on top of .gitignore, node_modules and .git). */
  exclude: string[];
  /** Globs of test files: references there count as `test`. */
  tests: string[];
  idPattern: string;
  /** Coverage kinds a requirement needs unless its own `Needs` says otherwise. */
  needs: string[];
  /** True when `needs` is written in reqtrace.yaml (not the default): dialects whose tools have no coverage rule then use it. */
  needsConfigured?: boolean;
  severity: Partial<Record<DiagnosticCode, SeverityOverride>>;
  /** Files larger than this are skipped with a logged reason. */
  maxFileSize: number;
  /** Formats of other tools to read (see dialects/). */
  dialects: string[];
  /** Per dialect, the attribute, option or field that holds a requirement's release (`release:` in reqtrace.yaml). */
  release: Record<string, string>;
}
