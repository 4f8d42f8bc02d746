/**
 * `node:zlib` in the browser bundles: the HTML report (reqtrace/htmlReport) gzips its embedded
 * data once it is large, with Node's gzipSync. fflate does the same in plain JavaScript, and the
 * page unpacks either with the browser's DecompressionStream.
 */
import { gzipSync as gzip } from 'fflate';

/** Node's gzipSync for a string or bytes, answering a Buffer (the globals shim provides it). */
export function gzipSync(data: string | Uint8Array): Buffer {
  return Buffer.from(gzip(typeof data === 'string' ? new TextEncoder().encode(data) : data));
}
