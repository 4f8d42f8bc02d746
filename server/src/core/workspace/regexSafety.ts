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
 * unprovable patterns (the analysis times out) are all rejected.
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
import * as fs from 'node:fs';
import * as path from 'node:path';
import { GLUED_AFTER, GLUED_BEFORE } from '../idPattern';

const MAX_PATTERN_LENGTH = 200;

/** Time the analysis may take; a pattern it cannot settle in time is rejected. */
const ANALYSIS_TIMEOUT_MS = 5000;

/**
 * Verdicts by pattern. The analysis is pure and takes up to seconds, and the
 * language server re-reads the config on every edit of `reqtrace.yaml`.
 */
const verdicts = new Map<string, string | undefined>();
const MAX_VERDICTS = 64;

/** Returns why the pattern is unsafe, or undefined when it may be used. */
export function checkPatternSafety(pattern: string): string | undefined {
  if (verdicts.has(pattern)) return verdicts.get(pattern);
  const verdict = analyse(pattern);
  if (verdicts.size >= MAX_VERDICTS) verdicts.delete(verdicts.keys().next().value!);
  verdicts.set(pattern, verdict);
  return verdict;
}

function analyse(pattern: string): string | undefined {
  if (pattern.length > MAX_PATTERN_LENGTH) return `pattern longer than ${MAX_PATTERN_LENGTH} characters`;
  try {
    new RegExp(pattern);
  } catch (e) {
    return `not a valid regular expression: ${(e as Error).message}`;
  }
  // Loaded on first use: only a custom idPattern pays for it. recheck's
  // default synchronous backend starts a worker from a file next to its own
  // module, which does not exist once bundled; its pure backend runs inline.
  process.env.RECHECK_SYNC_BACKEND ??= 'pure';
  const { checkSync } = loadRecheck();
  // The scanner's lookbehind and lookahead (idPattern.ts), as consumed
  // characters: recheck handles those exactly, lookarounds only by fuzzing.
  const asScanned = `(?:^|[^${GLUED_BEFORE}])(?:${pattern})(?:[^${GLUED_AFTER}]|$)`;
  const result = checkSync(asScanned, '', { timeout: ANALYSIS_TIMEOUT_MS });
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

/**
 * recheck, from the bundle of its own that esbuild.mjs puts beside the
 * server and CLI bundles (the package ships no node_modules), or from
 * node_modules when running from the sources.
 */
function loadRecheck(): typeof import('recheck') {
  const beside = path.join(__dirname, 'recheck.js');
  return (fs.existsSync(beside) ? require(beside) : require('recheck')) as typeof import('recheck');
}
