/**
 * The HTML report's page script: the minified bundle of page/main.ts.
 *
 * In the built bundles (cli.js, server.js, mcp.js) this module is replaced
 * at bundle time by esbuild.mjs's reportPagePlugin with the script's text,
 * so nothing here runs and esbuild is not shipped. Run from source (the
 * tests, under tsx), it builds the same bundle once, on first use, with the
 * same options: esbuild is a devDependency, so it is there.
 */
import * as path from 'node:path';
import pageBuild from './pageBuild.json';

/** esbuild's options for the page: pageBuild.json, which esbuild.mjs's reportPagePlugin reads too. */
export const PAGE_BUILD: import('esbuild').BuildOptions & { write: false } = {
  ...(pageBuild as import('esbuild').BuildOptions),
  entryPoints: [path.join(__dirname, 'page/main.ts')],
  write: false,
};

let built: string | undefined;

/** The page script's text. */
export function pageScript(): string {
  if (built === undefined) {
    // Required here rather than imported: only a run from source gets this far.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const esbuild = require('esbuild') as typeof import('esbuild');
    built = esbuild.buildSync(PAGE_BUILD).outputFiles![0].text.trim();
  }
  return built;
}
