/**
 * `node:os` in the browser bundles: only `availableParallelism`, which sizes the index worker
 * threads; the browser build has none, so one thread.
 */
export function availableParallelism(): number {
  return 1;
}
