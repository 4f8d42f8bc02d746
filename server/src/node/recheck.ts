/**
 * The ReDoS checker the Node fronts give the core (EngineOptions.checkPattern):
 * recheck, loaded on first use so that only a custom idPattern pays for it,
 * from the bundle of its own that esbuild.mjs puts beside the server and CLI
 * bundles (the package ships no node_modules), or from node_modules when
 * running from the sources.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { PatternChecker } from '../core';

let recheck: typeof import('recheck') | undefined;

function loadRecheck(): typeof import('recheck') {
  const beside = path.join(__dirname, 'recheck.js');
  return (fs.existsSync(beside) ? require(beside) : require('recheck')) as typeof import('recheck');
}

/** recheck's synchronous check, with its pure JavaScript backend. */
export const recheckPattern: PatternChecker = (source, timeoutMs) => {
  // recheck's default synchronous backend starts a worker from a file next to its own
  // module, which does not exist once bundled; its pure backend runs inline.
  process.env.RECHECK_SYNC_BACKEND ??= 'pure';
  recheck ??= loadRecheck();
  return recheck.checkSync(source, '', { timeout: timeoutMs });
};
