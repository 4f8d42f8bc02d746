/**
 * Reading a file for the full index, the same on the main thread and in
 * index workers: the host's batch fast path, the size limit, the binary
 * sniff and UTF-8 decoding (without a byte-order mark).
 */
import type { FileStat, IndexRead, WorkspaceHost } from './host';

/** Bytes looked at to decide whether a file is binary. */
export const BINARY_SNIFF = 8000;

/** What reading one file for the index gave. */
export type IndexReadOutcome =
  /** Size and mtime equal the cached ones: the cached result stands. */
  | { unchanged: true }
  /** Gone, or not a regular file (the host logged it). */
  | { gone: true }
  /** The host threw: the file is lost, not the index. */
  | { failed: string }
  /** Not indexed, with the reason; `warn` when the user should hear of it. */
  | { skipped: string; warn: boolean }
  /** `bytes`: what `text` was decoded from (valid until the next batch), when it was. */
  | { size: number; mtimeMs: number; text: string; bytes?: Uint8Array };

/** What a host's batch read gave for one file: undefined when it is gone or no regular file, `failed` when the host threw. */
export type HostRead = IndexRead | undefined | { failed: string };

/** A host's `readManyForIndex`. */
export type ReadMany = NonNullable<WorkspaceHost['readManyForIndex']>;

/**
 * Reads a first part of `files` (at least one) through `read` (a host's
 * `readManyForIndex`); never throws. When the call throws, the first file
 * is read again alone, so that a failure loses the files it concerns only,
 * never the index: the caller asks again for the rest.
 */
export function readBatchForIndexing(read: ReadMany, files: readonly string[], maxFileSize: number, cached: ReadonlyArray<FileStat | undefined>): HostRead[] {
  try {
    const got = read(files, maxFileSize, cached);
    if (got.length > 0 && got.length <= files.length) return got;
    throw new Error(`the host answered ${got.length} of ${files.length} files`);
  } catch (e) {
    if (files.length === 1) return [{ failed: (e as Error).message }];
    return readBatchForIndexing(read, files.slice(0, 1), maxFileSize, cached.slice(0, 1));
  }
}

/**
 * What a file's read (`readBatchForIndexing`'s) gives the index.
 * `needsNoText`, when given, is asked about the bytes before they are
 * decoded: when it vouches that analysing them would find nothing (no ID can
 * occur, and nothing else reads the text), the text is '', whose analysis is
 * the same, and the decoding is saved.
 */
export function readForIndexing(r: HostRead, maxFileSize: number, needsNoText?: (bytes: Uint8Array) => boolean): IndexReadOutcome {
  if (!r) return { gone: true };
  if ('failed' in r) return r;
  if ('unchanged' in r) return { unchanged: true };
  if ('tooLarge' in r) return { skipped: tooLarge(r.size, maxFileSize), warn: true };
  if (isBinary(r.bytes)) return { skipped: BINARY_CONTENT, warn: false };
  if (needsNoText?.(r.bytes)) return { size: r.size, mtimeMs: r.mtimeMs, text: '' };
  return { size: r.size, mtimeMs: r.mtimeMs, text: decode(r.bytes), bytes: r.bytes };
}

/** The reasons a file is not indexed, in the same words wherever it was read from. */
export const BINARY_CONTENT = 'binary content';

export function tooLarge(size: number, maxFileSize: number): string {
  return `${size} bytes is over maxFileSize (${maxFileSize})`;
}

/** Why an editor's text is not indexed, by the rules of a read from disk (too large, binary), or undefined. */
export function unindexedText(text: string, maxFileSize: number): string | undefined {
  const size = utf8Length(text);
  if (size > maxFileSize) return tooLarge(size, maxFileSize);
  return isBinary(new TextEncoder().encode(text.slice(0, BINARY_SNIFF))) ? BINARY_CONTENT : undefined;
}

const decoder = new TextDecoder('utf-8');
/** Keeps a byte-order mark as U+FEFF, as Node's `Buffer.toString` does. */
const literalDecoder = new TextDecoder('utf-8', { ignoreBOM: true });

/** UTF-8 bytes as they are (a byte-order mark stays): small control files such as .gitignore. */
export function utf8Text(bytes: Uint8Array): string {
  return literalDecoder.decode(bytes);
}

export function decode(bytes: Uint8Array): string {
  return stripBom(decoder.decode(bytes));
}

export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

export function isBinary(bytes: Uint8Array): boolean {
  return bytes.subarray(0, BINARY_SNIFF).indexOf(0) >= 0;
}

/** The length of `text` in UTF-8, without encoding it (an editor buffer is measured on every change). */
export function utf8Length(text: string): number {
  let n = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) n += 1;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      // A surrogate pair: two UTF-16 units, four bytes.
      n += 2;
      i++;
    } else n += 2;
  }
  return n;
}
