/**
 * User-supplied regular expressions (`idPattern`) run over every comment of
 * every file, in the editor and in CI. A pattern whose backtracking is
 * exponential (such as `([A-Z]+)+`) can hang both, so such patterns
 * are rejected before use. The analysis is recheck's (a real ReDoS checker,
 * run in-process with its pure JavaScript backend). Polynomial patterns are
 * accepted: the default ID shape is one, and the scanner only ever runs a
 * pattern over single comment lines, which bounds their cost.
 */

const MAX_PATTERN_LENGTH = 200;

/** Returns why the pattern is unsafe, or undefined when it may be used. */
export function checkPatternSafety(pattern: string): string | undefined {
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
  const { checkSync } = require('recheck') as typeof import('recheck');
  const result = checkSync(pattern, '', { timeout: 2000 });
  if (result.status === 'vulnerable' && result.complexity.type === 'exponential') {
    return 'its backtracking is exponential (a repeated group that itself repeats, such as ([A-Z]+)+); rewrite it so each repeated part can match in only one way';
  }
  if (result.status === 'unknown') {
    return `it could not be proven safe (${result.error.kind}); simplify it`;
  }
  return undefined;
}
