/**
 * User-supplied regular expressions (`idPattern`) run over every comment of
 * every file, in the editor and in CI, and JavaScript cannot time a regular
 * expression out. So a pattern is only used when recheck (a real ReDoS
 * checker, run in-process with its pure JavaScript backend) proves that
 * matching it over a line costs time linear in the line's length.
 *
 * The pattern is analysed the way the scanner runs it: tried at every
 * position of a line that the ID boundary allows, and failing when a word
 * character follows. Analysing the bare pattern is not enough: `(A+)+` alone
 * can never fail, so it looks linear, yet after the boundary check it
 * backtracks exponentially on `AAAA…Aa`; and `[.a-z]+-[0-9]+` is linear per
 * attempt but quadratic over a line of dots. Exponential, polynomial and
 * unprovable patterns (the analysis times out) are all rejected. recheck
 * is loaded outside the core (node/recheck.ts) and comes in as a
 * `PatternChecker`; without one (the browser build) a custom pattern cannot
 * be proven safe and is rejected.
 *
 * Globs (`specs`, `sources`, `exclude`, `tests` and .gitignore lines) become
 * backtracking regular expressions too, in picomatch and in ignore, run over
 * every path of the workspace: `*a*a*a*a*b` against a long file name, or
 * `{a,a}` repeated, or an extglob like `*(*(a))b`, take seconds to forever.
 * `checkGlobSafety` bounds their wildcards instead: no extglobs, at most
 * four brace groups, at most two `**` segments and at most three `*` in any
 * one segment. That keeps matching one path polynomial of a low degree in
 * the length of a segment (at most 255 bytes) and in the depth, fast for
 * any real tree, while globs such as `**` + `/node_modules/` + `**` + `/*.min.*`
 * stay inside the budget.
 */
import { GLUED_AFTER, GLUED_BEFORE } from '../idPattern';

/** What recheck's `checkSync` answers, as far as the verdict needs it. */
export type PatternCheck =
  | { status: 'safe' }
  | { status: 'vulnerable'; complexity: { type: 'exponential' } | { type: 'polynomial'; degree: number } }
  | { status: 'unknown'; error: { kind: string } };

/** A ReDoS checker (recheck's `checkSync`): analyses a regular expression within `timeoutMs`. */
export type PatternChecker = (source: string, timeoutMs: number) => PatternCheck;

/** Why a custom pattern is rejected where there is no checker. */
export const NO_CHECKER = 'custom ID patterns are not checked in this build (the browser build has no ReDoS checker): use the desktop extension or the CLI for them';

const MAX_PATTERN_LENGTH = 200;

/** Time the analysis may take; a pattern it cannot settle in time is rejected. */
const ANALYSIS_TIMEOUT_MS = 5000;

/**
 * Verdicts by checker and pattern. The analysis is pure and takes up to seconds, and the
 * language server re-reads the config on every edit of `reqtrace.yaml`.
 */
const verdicts = new WeakMap<PatternChecker, Map<string, string | undefined>>();
const MAX_VERDICTS = 64;

/** Returns why the pattern is unsafe, or undefined when it may be used; `check` undefined: no checker here. */
export function checkPatternSafety(pattern: string, check: PatternChecker | undefined): string | undefined {
  if (!check) return analyse(pattern, undefined);
  let known = verdicts.get(check);
  if (!known) verdicts.set(check, (known = new Map()));
  if (known.has(pattern)) return known.get(pattern);
  const verdict = analyse(pattern, check);
  if (known.size >= MAX_VERDICTS) known.delete(known.keys().next().value!);
  known.set(pattern, verdict);
  return verdict;
}

function analyse(pattern: string, checkSync: PatternChecker | undefined): string | undefined {
  if (pattern.length > MAX_PATTERN_LENGTH) return `pattern longer than ${MAX_PATTERN_LENGTH} characters`;
  try {
    new RegExp(pattern);
  } catch (e) {
    return `not a valid regular expression: ${(e as Error).message}`;
  }
  if (!checkSync) return NO_CHECKER;
  // The scanner's lookbehind and lookahead (idPattern.ts), as consumed
  // characters: recheck handles those exactly, lookarounds only by fuzzing.
  const asScanned = `(?:^|[^${GLUED_BEFORE}])(?:${pattern})(?:[^${GLUED_AFTER}]|$)`;
  const result = checkSync(asScanned, ANALYSIS_TIMEOUT_MS);
  if (result.status === 'vulnerable') {
    if (result.complexity.type === 'exponential') {
      return 'its backtracking is exponential (a repeated group that itself repeats, such as ([A-Z]+)+); rewrite it so each repeated part can match in only one way';
    }
    return `matching it takes polynomial time (degree ${result.complexity.degree}) in the length of a line (two repetitions can match the same text, such as [A-Z0-9-]*[0-9]+); rewrite it so each character can be matched by only one repetition`;
  }
  if (result.status === 'unknown') {
    return `it could not be proven safe (${result.error.kind}); simplify it`;
  }
  return undefined;
}

/** Wildcards a glob may have (see the file comment). */
const MAX_GLOBSTARS = 2;
const MAX_SEGMENT_STARS = 3;
const MAX_GLOB_BRACES = 4;
const MAX_GLOB_LENGTH = 500;
const EXTGLOB = /[@!+*?]\(/;

/**
 * Returns why a glob could match too slowly, or undefined when it may be
 * used. `gitignore`: a .gitignore line (the ignore package has neither
 * extglobs nor braces).
 */
export function checkGlobSafety(glob: string, syntax: 'picomatch' | 'gitignore' = 'picomatch'): string | undefined {
  if (glob.length > MAX_GLOB_LENGTH) return `glob longer than ${MAX_GLOB_LENGTH} characters`;
  // `\*` is a literal star; an escaped character never backtracks.
  const plain = glob.replace(/\\./g, 'x');
  if (syntax === 'picomatch' && EXTGLOB.test(plain)) return 'extended glob patterns such as +(…), *(…), @(…), ?(…), !(…) are not supported (they can take exponential time to match)';
  if (syntax === 'picomatch' && (plain.match(/\{/g) ?? []).length > MAX_GLOB_BRACES) return `more than ${MAX_GLOB_BRACES} brace groups {…}`;
  let globstars = 0;
  for (const segment of plain.split('/')) {
    if (segment.includes('**')) globstars++;
    else if ((segment.match(/\*+/g) ?? []).length > MAX_SEGMENT_STARS) {
      return `too many wildcards to match in bounded time: at most ${MAX_SEGMENT_STARS} * in one path segment ('${segment}')`;
    }
  }
  if (globstars > MAX_GLOBSTARS) return `too many wildcards to match in bounded time: at most ${MAX_GLOBSTARS} ** segments`;
  return undefined;
}
