/** `node:perf_hooks` in the browser bundles: the web's own `performance`. */
export const performance = globalThis.performance;
