// Builds the npm package `reqtrace` — the CLI and the language server — and packs it:
//
//   artifacts/npm/package/            the package as it will be published
//   artifacts/npm/reqtrace-X.Y.Z.tgz  `npm pack` of it; its path is the last line printed
//
// The repository's package.json is the VS Code extension's manifest (private, with the editor's
// contributions and the development dependencies), so the package gets a package.json of its own,
// written here from the same name, version and links. The package holds only the production
// bundles of server/dist/ (their runtime dependencies are bundled in, so it has none), the
// README, LICENSE and CHANGELOG. Publishing it is in docs/release.md.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { builds, common } from '../esbuild.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(ROOT, 'artifacts', 'npm');
const STAGE = path.join(OUT, 'package');
const DOCUMENTS = ['README.md', 'LICENSE', 'CHANGELOG.md'];

const root = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

/** The package's manifest: what npm and npmjs.com need, and no dependencies (all are bundled). */
const manifest = {
  name: root.name,
  version: root.version,
  description: 'Requirement traceability: the reqtrace CLI for CI (`reqtrace check`) and the reqtrace language server (LSP).',
  keywords: [...root.keywords, 'cli', 'language-server'],
  license: root.license,
  homepage: root.homepage,
  repository: root.repository,
  bugs: root.bugs,
  engines: { node: root.engines.node },
  bin: root.bin,
};

/**
 * The README with its relative links made absolute on the repository, where npmjs.com can follow
 * them: images to their raw files, other links to GitHub's page for the file (the URLs vsce
 * writes into the extension's README).
 */
function readmeForRegistry() {
  const repo = root.repository.url.replace(/\.git$/, '');
  return fs
    .readFileSync(path.join(ROOT, 'README.md'), 'utf8')
    .replace(/(!?)(\[[^\]]*\]\()(?![a-z]+:|#|\/)([^)\s]+)\)/g, (_, image, head, rel) => `${image}${head}${repo}/${image ? 'raw' : 'blob'}/HEAD/${rel})`);
}

fs.rmSync(STAGE, { recursive: true, force: true });
fs.mkdirSync(STAGE, { recursive: true });

const serverBuilds = builds.filter((b) => b.outfile.startsWith('server/dist/'));
for (const bin of Object.values(manifest.bin)) {
  if (!serverBuilds.some((b) => b.outfile === bin)) throw new Error(`package.json bin ${bin} is not a bundle of esbuild.mjs`);
}
await Promise.all(
  serverBuilds.map((b) => esbuild.build({ ...common, ...b, outfile: path.join(STAGE, b.outfile), minify: true, sourcemap: false })),
);
fs.writeFileSync(path.join(STAGE, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
for (const doc of DOCUMENTS) {
  if (doc === 'README.md') fs.writeFileSync(path.join(STAGE, doc), readmeForRegistry());
  else fs.copyFileSync(path.join(ROOT, doc), path.join(STAGE, doc));
}

const packed = spawnSync('npm', ['pack', '--json', '--pack-destination', OUT], { cwd: STAGE, encoding: 'utf8' });
if (packed.status !== 0) {
  process.stderr.write(packed.stderr);
  throw new Error(`npm pack failed (exit ${packed.status ?? packed.signal})`);
}
const [info] = JSON.parse(packed.stdout);
const tarball = path.join(OUT, info.filename);
console.log(`${info.name}@${info.version}: ${info.entryCount} files, ${(info.size / 1024).toFixed(0)} kB packed, ${(info.unpackedSize / 1024).toFixed(0)} kB unpacked`);
for (const f of info.files) console.log(`  ${f.path}`);
console.log(tarball);
