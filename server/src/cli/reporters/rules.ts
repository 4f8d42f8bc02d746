/**
 * What each diagnostic code means, for reports that describe their rules
 * (SARIF's `tool.driver.rules`). Keyed by the stable codes, so a new code
 * does not compile until it is described here.
 */
import { DIAGNOSTIC_CODES, type DiagnosticCode, type Severity } from '../../core';

export interface RuleDoc {
  /** PascalCase name, as SARIF consumers show it. */
  name: string;
  /** One line. */
  short: string;
  /** What the rule checks, in a few sentences. */
  full: string;
  /** How to fix a finding (Markdown). */
  help: string;
  /** Severity when `reqtrace.yaml` does not override it. */
  defaultSeverity: Severity;
}

export const RULES: Record<DiagnosticCode, RuleDoc> = {
  'unknown-requirement': {
    name: 'UnknownRequirement',
    short: 'Reference to an undefined requirement',
    full: 'A comment references a requirement ID that no spec file defines, usually a typo or a requirement that was removed or renamed.',
    help: 'Correct the ID (the message suggests the nearest defined one), or define the requirement in a spec file.',
    defaultSeverity: 'error',
  },
  'duplicate-requirement': {
    name: 'DuplicateRequirement',
    short: 'Requirement defined more than once',
    full: 'The same requirement ID is defined in more than one place, so references to it are ambiguous. Every definition is reported.',
    help: 'Keep one definition and give the others new IDs, or delete them.',
    defaultSeverity: 'error',
  },
  'uncovered-requirement': {
    name: 'UncoveredRequirement',
    short: 'Requirement without the coverage it needs',
    full: 'A requirement that needs coverage (by default `impl` and `test`) has no reference of one or more of those kinds. Draft and deprecated requirements, and those with `Needs: none`, need none.',
    help: 'Reference the requirement from the code that implements it (`// @impl ID`) and from a test (`// @test ID`), or change its `Needs` or `Status`.',
    defaultSeverity: 'warning',
  },
  'deprecated-reference': {
    name: 'DeprecatedReference',
    short: 'Reference to a deprecated requirement',
    full: 'Code still references a requirement whose status is `deprecated`.',
    help: 'Move the code to the requirement that replaces it, or remove the reference with the code.',
    defaultSeverity: 'warning',
  },
  'stale-reference': {
    name: 'StaleReference',
    short: 'Reference pinned to an old requirement version',
    full: 'A reference pins a version of the requirement (`ID@N`) other than the version the spec defines, so the code may not match the current text.',
    help: 'Check the code against the current requirement text, then update the pin to the current version.',
    defaultSeverity: 'warning',
  },
  'broken-link': {
    name: 'BrokenLink',
    short: 'Parent link to an undefined requirement',
    full: 'A requirement names a parent requirement ID that no spec file defines.',
    help: 'Correct the parent ID or define the parent requirement.',
    defaultSeverity: 'error',
  },
  'link-cycle': {
    name: 'LinkCycle',
    short: 'Circular parent links',
    full: 'Parent links between requirements form a cycle, so the hierarchy has no root. Each link on the cycle is reported.',
    help: 'Remove one of the parent links on the cycle.',
    defaultSeverity: 'error',
  },
  'invalid-spec': {
    name: 'InvalidSpec',
    short: 'Invalid requirement definition',
    full: 'A spec file cannot be read as intended: a YAML syntax error, a requirement without an ID, or an attribute with an invalid value (status, version, needs).',
    help: 'Fix the spec file at the reported place; the message names what is wrong.',
    defaultSeverity: 'error',
  },
  'invalid-config': {
    name: 'InvalidConfig',
    short: 'Invalid reqtrace.yaml',
    full: 'The configuration file has an error: invalid YAML, an unknown key, a value of the wrong type, or an unsafe `idPattern`. The CLI exits 2.',
    help: 'Fix `reqtrace.yaml` at the reported place; the message names what is wrong.',
    defaultSeverity: 'error',
  },
  'unreviewed-item': {
    name: 'UnreviewedItem',
    short: 'Item changed since it was reviewed',
    full: "A Doorstop item's `reviewed` stamp differs from the fingerprint of its current content (UID, text, ref, references and links): it has changed since it was last reviewed. Doorstop warns 'unreviewed changes'.",
    help: 'Review the item, then mark it reviewed (`doorstop review UID`), which writes the current fingerprint to `reviewed`.',
    defaultSeverity: 'warning',
  },
  'unwanted-coverage': {
    name: 'UnwantedCoverage',
    short: 'Coverage by an artifact type the item does not need',
    full: "An OpenFastTrace item is covered by an artifact type that is not in its `Needs`, so the coverage does not count. OpenFastTrace reports the link as 'unwanted' and both items as defects.",
    help: 'Cover the item with a type it needs, or add the type to its `Needs`, or remove the tag.',
    defaultSeverity: 'warning',
  },
  'suspect-reference': {
    name: 'SuspectReference',
    short: 'Requirement changed after the referencing line was written',
    full: "The last commit that touched the reference's line is older than the newest commit that changed the requirement's title, text, status or needs (whitespace and reflow do not count), so the code may no longer match it. Reported by `check --suspects` and, in a trusted workspace, by the editor.",
    help: 'Review the code against the requirement as it is now, then record the review on the line: pin the current version (`ID@N`), which the quick fix writes. The next commit of that line clears the finding.',
    defaultSeverity: 'info',
  },
};

/** Every rule, in the stable order of the codes. */
export function allRules(): Array<{ code: DiagnosticCode } & RuleDoc> {
  return DIAGNOSTIC_CODES.map((code) => ({ code, ...RULES[code] }));
}
