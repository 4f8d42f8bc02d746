// Bundles the extension client, the language server and the CLI, each into one
// CommonJS file with no runtime dependencies left to install. `vscode` is
// provided by the editor and stays external.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));

const watch = process.argv.includes('--watch');

/**
 * The HTML report's page script (server/src/cli/reporters/html/page/) is TypeScript for the browser,
 * bundled here into the reporter: this plugin replaces the module html/pageScript.ts with the page's
 * minified text. Run from source (tests under tsx) that module builds the same text itself, with the
 * same options (html/pageBuild.json, read by both).
 * @type {import('esbuild').Plugin}
 */
export const reportPagePlugin = {
  name: 'reqtrace-report-page',
  setup(build) {
    build.onLoad({ filter: /[\\/]reporters[\\/]html[\\/]pageScript\.ts$/ }, async () => {
      const page = await esbuild.build({
        ...JSON.parse(fs.readFileSync(path.join(here, 'server/src/cli/reporters/html/pageBuild.json'), 'utf8')),
        absWorkingDir: here,
        entryPoints: ['server/src/cli/reporters/html/page/main.ts'],
        write: false,
        metafile: true,
      });
      const text = page.outputFiles[0].text.trim();
      return {
        contents: `export function pageScript(): string { return ${JSON.stringify(text)}; }`,
        loader: 'ts',
        watchFiles: Object.keys(page.metafile.inputs).map((f) => path.join(here, f)),
      };
    });
  },
};

/** Plugins of every bundle that may import the reporters (the CLI, the server, the MCP server, the benchmark's probes). */
export const plugins = [reportPagePlugin];
const production = process.argv.includes('--production');

/**
 * Shared with the benchmark, whose in-process probe bundles the same engine.
 * @type {import('esbuild').BuildOptions}
 */
export const common = {
  absWorkingDir: here,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  plugins,
  // recheck resolves a worker file for a backend we never select (see node/recheck.ts).
  logOverride: { 'require-resolve-not-external': 'silent' },
  // jsonc-parser's default (UMD) build loads its modules with requires a bundler cannot follow.
  alias: {
    'jsonc-parser': './node_modules/jsonc-parser/lib/esm/main.js',
    // yaml's Node build reads `process.env.LOG_TOKENS` for every token it parses (and LOG_STREAM for
    // every document node): about 150 ms of the 2.8 MB of YAML specs at size L. Its browser build is
    // the same code without those reads.
    yaml: './node_modules/yaml/browser/index.js',
  },
};

/**
 * Every bundle. The npm package `reqtrace` ships the ones under server/dist/ (scripts/pack-npm.mjs),
 * the extension those and the client (.vscodeignore).
 */
export const builds = [
  { entryPoints: ['client/src/extension.ts'], outfile: 'client/dist/extension.js', external: ['vscode'] },
  // recheck (3.5 MB, only for custom ID patterns) is a bundle of its own beside these two: parsed into
  // each of them it cost every start of the server, the CLI and each index worker thread about 40 ms.
  { entryPoints: ['server/src/lsp/server.ts'], outfile: 'server/dist/server.js', external: ['recheck'] },
  { entryPoints: ['server/src/cli/cli.ts'], outfile: 'server/dist/cli.js', external: ['recheck'], banner: { js: '#!/usr/bin/env node' } },
  { entryPoints: ['node_modules/recheck/index.js'], outfile: 'server/dist/recheck.js' },
  // The `reqtrace-language-server` command: checks for a transport, then loads server.js beside it.
  { entryPoints: ['server/src/lsp/bin.ts'], outfile: 'server/dist/reqtrace-language-server.js', banner: { js: '#!/usr/bin/env node' } },
  // `reqtrace mcp` (the MCP SDK and zod) likewise: cli.js loads it only for that command.
  { entryPoints: ['server/src/mcp/serve.ts'], outfile: 'server/dist/mcp.js', external: ['recheck'] },
];

// ---- The browser build (issue #20): the extension and its server in web workers (vscode.dev, github.dev). ----

/**
 * Node built-ins that the fronts' shared code (lsp/, the HTML reporter) imports, with a browser
 * stand-in in server/src/browser/shims/ (or a package doing the same). The core imports none
 * (test/unit/architecture.test.ts), and the Node-only parts (server/src/node/) are not in the
 * browser bundles at all (test/unit/browserBundles.test.ts).
 */
const BROWSER_SHIMS = {
  path: './node_modules/path-browserify/index.js',
  url: './server/src/browser/shims/url.ts',
  crypto: './server/src/browser/shims/crypto.ts',
  zlib: './server/src/browser/shims/zlib.ts',
};
/**
 * Resolves the Node built-ins (with or without `node:`) to the shims above. Any other built-in fails
 * the build: nothing Node-only is stubbed out (git and the Node client come in through the Node
 * entries' sites and starters, which the browser entries do not import).
 */
const nodeBuiltinsForBrowser = {
  name: 'reqtrace-node-builtins-for-browser',
  setup(build) {
    build.onResolve({ filter: /^(node:)?[a-z_/0-9]+$/ }, (args) => {
      const name = args.path.replace(/^node:/, '');
      if (name in BROWSER_SHIMS) return { path: path.join(here, BROWSER_SHIMS[name]) };
      return undefined;
    });
  },
};

/** @type {import('esbuild').BuildOptions} */
export const browserCommon = {
  ...common,
  platform: 'browser',
  target: 'es2022',
  alias: {
    ...common.alias,
    'vscode-languageserver/node': 'vscode-languageserver/browser',
    'vscode-languageclient/node': 'vscode-languageclient/browser',
  },
  inject: ['./server/src/browser/shims/globals.ts'],
  // The shared plugins first: the server answers reqtrace/htmlReport, whose page script they inline.
  plugins: [...plugins, nodeBuiltinsForBrowser],
};

/**
 * The browser bundles: the client as CommonJS (how VS Code loads a web extension's `browser`
 * entry) and the server as a classic worker script.
 */
export const browserBuilds = [
  { entryPoints: ['client/src/browser/extension.ts'], outfile: 'client/dist/browser/extension.js', format: 'cjs', external: ['vscode'] },
  { entryPoints: ['server/src/browser/server.ts'], outfile: 'server/dist/browser/server.js', format: 'iife' },
];

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (watch) {
    for (const b of builds) {
      const ctx = await esbuild.context({ ...common, ...b });
      await ctx.watch();
    }
    for (const b of browserBuilds) await (await esbuild.context({ ...browserCommon, ...b })).watch();
  } else {
    await Promise.all([...builds.map((b) => esbuild.build({ ...common, ...b })), ...browserBuilds.map((b) => esbuild.build({ ...browserCommon, ...b }))]);
  }
}
