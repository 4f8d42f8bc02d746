/**
 * JSON output in pieces. `check --format json` at 100k files is a 43 MB
 * document: as one string (twice that once encoded for the write) it was the
 * run's peak memory. The pieces are the bytes `JSON.stringify(value, null, 2)`
 * gives, followed by a newline, produced as they are written.
 */
import { stringifyChunked } from '@discoveryjs/json-ext';

/**
 * Characters per piece: below V8's large-object size, so a written piece dies
 * young instead of waiting in old space for a full collection.
 */
export const JSON_PIECE_CHARS = 1 << 16;

/** `JSON.stringify(value, null, 2) + '\n'`, in pieces of about JSON_PIECE_CHARS. */
export function* renderJson(value: unknown): Generator<string> {
  yield* stringifyChunked(value, { space: 2, highWaterMark: JSON_PIECE_CHARS });
  yield '\n';
}
