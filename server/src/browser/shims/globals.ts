/**
 * The Node globals the server's shared code touches, for the browser bundles (esbuild `inject`;
 * the core uses none): `Buffer` from the `buffer` package (git's parsers and the HTML reporter's
 * gzip name it), a `process` whose environment is empty, and `setImmediate` as
 * `setTimeout(0)`: that is how vscode-jsonrpc's browser build queues the handling of a message,
 * so TimeSlicer's pause (two immediates) still lets the messages that came meanwhile go first.
 */
import { Buffer } from 'buffer';

const process = { env: {} as Record<string, string | undefined>, platform: 'browser', pid: 0 };

function setImmediate<A extends unknown[]>(callback: (...args: A) => void, ...args: A): ReturnType<typeof setTimeout> {
  return setTimeout(callback, 0, ...args);
}

const clearImmediate = clearTimeout;

export { Buffer, clearImmediate, process, setImmediate };
