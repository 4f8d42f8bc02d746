/**
 * Whether a text or its UTF-8 bytes hold an ID of the default shape
 * (`[A-Z][A-Z]*(?:-[A-Z0-9]+)*-[0-9]+`, not glued to a word character or dash
 * before it), without a regular expression. On real code the regex is slow
 * because it starts an attempt at every capital letter; but every such ID
 * has a dash followed by a digit, and dashes are rare: this jumps from dash
 * to dash (a native search) and looks at the few characters around each.
 *
 * On bytes it answers exactly as on the decoded text: every character the
 * shape involves is ASCII, a UTF-8 decoder leaves ASCII bytes as they are,
 * and every other byte decodes to a non-ASCII character, which the shape
 * never takes (nor does the boundary before it). So a file whose bytes hold
 * no ID need not even be decoded.
 */

const DASH = 0x2d;

const isUpper = (c: number) => c >= 0x41 && c <= 0x5a;
const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
const isUpperOrDigit = (c: number) => isUpper(c) || isDigit(c);
/** A character an ID of the default shape is made of: [A-Z0-9-]. */
export const isIdChar = (c: number) => isUpperOrDigit(c) || c === DASH;
/** What may not touch an ID before it: GLUED_BEFORE in idPattern.ts. */
const isGlued = (c: number) => isUpperOrDigit(c) || (c >= 0x61 && c <= 0x7a) || c === 0x5f || c === DASH;

/**
 * The search over some sequence of character codes: `at(i)` is the code at
 * `i` (NaN past either end), `dashFrom(i)` the next dash at or after `i`
 * (-1: none).
 */
function holdsDefaultId(length: number, at: (i: number) => number, dashFrom: (i: number) => number): boolean {
  // `scanned`: the first position not yet looked at backwards, so a long run of `A-A-A-…` is walked once.
  let scanned = 0;
  for (let d = dashFrom(1); d >= 0 && d < length - 1; d = dashFrom(d + 1)) {
    // An ID ends in `-` + digit, with a capital or digit before the dash.
    if (!isDigit(at(d + 1)) || !isUpperOrDigit(at(d - 1))) continue;
    // The ID's start lies in the run of [A-Z0-9-] that holds this dash.
    let start = d - 1;
    while (start > scanned && isIdChar(at(start - 1))) start--;
    for (let s = start; s < d; s++) {
      if (isUpper(at(s)) && !(s > 0 && isGlued(at(s - 1))) && idStartsAt(s, at)) return true;
    }
    scanned = d;
  }
  return false;
}

/**
 * True when an ID starts at `s` (a capital): its letters, then dash-separated
 * segments of [A-Z0-9], one of which starts with a digit (the `-[0-9]+` the
 * shape ends in; what follows it is no concern of a search without the
 * look-ahead).
 */
function idStartsAt(s: number, at: (i: number) => number): boolean {
  let i = s;
  while (isUpper(at(i))) i++;
  // i: a dash, then a segment.
  while (at(i) === DASH && isUpperOrDigit(at(i + 1))) {
    if (isDigit(at(i + 1))) return true;
    i++;
    while (isUpperOrDigit(at(i))) i++;
  }
  return false;
}

/** True when `text` holds an ID of the default shape (what `(?<![A-Za-z0-9_-])` + the shape finds). */
export function textHoldsDefaultId(text: string): boolean {
  return holdsDefaultId(
    text.length,
    (i) => text.charCodeAt(i),
    (i) => text.indexOf('-', i),
  );
}

/** True when the UTF-8 `bytes` hold an ID of the default shape: the same answer as for their decoded text. */
export function bytesHoldDefaultId(bytes: Uint8Array): boolean {
  const n = bytes.length;
  return holdsDefaultId(
    n,
    (i) => (i >= 0 && i < n ? bytes[i] : NaN),
    (i) => bytes.indexOf(DASH, i),
  );
}
