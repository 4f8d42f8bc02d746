/**
 * The Node globals the core touches, for the browser bundles (esbuild `inject`): `Buffer` from
 * the `buffer` package (the core decodes and measures text with it), and a `process` whose
 * environment is empty (the core reads one variable from it).
 */
import { Buffer } from 'buffer';

const process = { env: {} as Record<string, string | undefined>, platform: 'browser', pid: 0 };

export { Buffer, process };
