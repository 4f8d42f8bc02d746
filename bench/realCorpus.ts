/**
 * The real-code corpus (R) of the benchmark: source trees that are on this
 * machine without any network, laid out as a new user's repository would be.
 * Generated corpora (corpus.ts) are flat and dense, every file holding IDs;
 * real repositories are deep, mostly hold no ID at all, carry many files no
 * indexer wants (source maps, bytecode, images) and nested .gitignore files.
 *
 * Sources: the VS Code build installed with code-server for the e2e tests,
 * Python's standard library, /usr/include and this checkout's node_modules
 * (copied as `third_party/`, a name the walker does not skip). They are
 * copied, in turn, until the corpus holds `files` files; then one spec is
 * added and about 2% of the source files get a tag line. The folder is a git
 * repository (`git init`, nothing committed) so ripgrep honours the same
 * .gitignore files the walker does.
 *
 * R is ~50k files for `npm run bench`; Rs, a sample of a few thousand of the
 * same files, is built in seconds for `bench:check`.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { rng } from './corpus';

export interface RealCorpusInfo {
  dir: string;
  files: number;
  bytes: number;
  /** Source files (a language reqtrace reads), and how many of them got a tag. */
  sourceFiles: number;
  taggedFiles: number;
  requirements: number;
  references: number;
  hotId: string;
  /** Positions (0-based) of the tags naming a requirement, for hover/definition requests. */
  probes: Array<{ file: string; line: number; character: number }>;
  /** A tagged source file whose tag names no requirement (it always has a diagnostic): the file typed in. */
  editFile: string;
  /** Where the sources came from, and their files before copying. */
  sources: Array<{ name: string; from: string; files: number }>;
}

export interface RealSize {
  name: string;
  /** Files to reach (the last copy is cut short). */
  files: number;
  /** Take every `sample`th file of the sources (1: all of them). */
  sample: number;
}

export const REAL_SIZES: Record<string, RealSize> = {
  R: { name: 'R', files: 50_000, sample: 1 },
  Rs: { name: 'Rs', files: 3_000, sample: 0 },
};

/** Where each source tree goes in a copy, and the .gitignore it gets there (as its project would have). */
const SOURCES: Array<{ name: string; from: () => string | undefined; gitignore: string }> = [
  { name: 'vscode', from: () => path.join(os.homedir(), '.cache/reqtrace-e2e/node_modules/code-server/lib/vscode'), gitignore: '*.map\n/node_modules.asar*\n' },
  { name: 'python', from: pythonStdlib, gitignore: '__pycache__/\n*.py[cod]\nsite-packages/\n' },
  { name: 'include', from: () => '/usr/include', gitignore: '*.orig\n*.rej\n' },
  { name: 'third_party', from: () => path.resolve(__dirname, '../node_modules'), gitignore: '*.tsbuildinfo\n.cache/\n' },
];

/** Tag lines by extension: the comment a source file of that language takes. */
const COMMENT: Record<string, string> = {
  js: '//', mjs: '//', cjs: '//', ts: '//', mts: '//', cts: '//', tsx: '//', c: '//', h: '//', cc: '//', cpp: '//', hpp: '//', hh: '//', java: '//', rs: '//', go: '//',
  py: '#', sh: '#', rb: '#', pl: '#',
};

/** Files larger than this get no tag (a minified bundle keeps its shape). */
const MAX_TAGGED = 512 * 1024;
const REQUIREMENTS = 200;
/** Rs takes its files in runs of this many neighbours. */
const BLOCK = 100;
const PREFIX = 'RT';

function pythonStdlib(): string | undefined {
  const r = spawnSync('python3', ['-c', 'import sysconfig;print(sysconfig.get_paths()["stdlib"])'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

/** Regular files under `dir`, relative, sorted; links are not followed. */
function listFiles(dir: string, rel = '', out: string[] = []): string[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(path.join(dir, rel), { withFileTypes: true });
  } catch {
    return out;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const r = rel === '' ? e.name : `${rel}/${e.name}`;
    if (e.isDirectory()) listFiles(dir, r, out);
    else if (e.isFile()) out.push(r);
  }
  return out;
}

/** Writes the corpus into `dir` (removed first). Deterministic for the same source trees. */
export function generateRealCorpus(dir: string, size: RealSize, seed = 7): RealCorpusInfo {
  const r = rng(seed);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const sources = SOURCES.flatMap((s) => {
    const from = s.from();
    if (!from || !fs.existsSync(from)) return [];
    // The standard library without the packages installed beside it.
    const files = listFiles(from).filter((f) => !f.startsWith('site-packages/'));
    return [{ ...s, from, files }];
  });
  if (sources.length === 0) throw new Error('no source tree for the real-code corpus on this machine');
  const all = sources.flatMap((s) => s.files.map((f) => ({ source: s, rel: f })));
  // Rs: runs of BLOCK neighbouring files spread evenly over every source, about `size.files` in all: a sample of
  // single files would leave one file per folder, a far sparser tree than any real one.
  const step = size.sample > 0 ? size.sample : Math.max(1, Math.floor(all.length / size.files));
  const base = all.filter((_, i) => Math.floor(i / BLOCK) % step === 0);
  const ids = Array.from({ length: REQUIREMENTS }, (_, i) => `${PREFIX}-${i + 1}`);
  const hotId = ids[0];
  const madeDirs = new Set<string>();
  const ensureDir = (d: string) => {
    if (madeDirs.has(d)) return;
    fs.mkdirSync(d, { recursive: true });
    madeDirs.add(d);
  };
  let files = 0;
  let bytes = 0;
  let sourceFiles = 0;
  let references = 0;
  const probes: RealCorpusInfo['probes'] = [];
  let editFile: string | undefined;
  const write = (rel: string, text: string) => {
    const abs = path.join(dir, rel);
    ensureDir(path.dirname(abs));
    fs.writeFileSync(abs, text);
    files++;
    bytes += Buffer.byteLength(text);
  };
  write('.gitignore', '*.log\n/build/\n/out/\n.DS_Store\n');
  for (let copy = 0; files < size.files; copy++) {
    for (const s of sources) write(`copy${copy}/${s.name}/.gitignore`, s.gitignore);
    for (const { source, rel } of base) {
      if (files >= size.files) break;
      // A node_modules folder inside a source tree (VS Code ships some) is one the walker skips: renamed, it is read as vendored code is.
      const target = `copy${copy}/${source.name}/${rel.replace(/(^|\/)node_modules(?=\/)/g, '$1vendor')}`;
      const abs = path.join(dir, target);
      ensureDir(path.dirname(abs));
      const srcAbs = path.join(source.from, rel);
      const ext = rel.slice(rel.lastIndexOf('.') + 1).toLowerCase();
      const comment = rel.includes('.') ? COMMENT[ext] : undefined;
      if (comment) sourceFiles++;
      const st = fs.statSync(srcAbs);
      if (comment && st.size <= MAX_TAGGED && r() < 0.02) {
        let text = fs.readFileSync(srcAbs, 'latin1');
        if (text.length > 0 && !text.endsWith('\n')) text += '\n';
        const line = text.split('\n').length - 1;
        // About a tenth of the tags name the hot requirement, a twentieth none (a typo); 10% of requirements stay uncovered.
        // The first tag is a typo in any case, so that even Rs has a file to type in.
        const roll = r();
        const typo = editFile === undefined || (roll >= 0.1 && roll < 0.15);
        const id = typo ? `${PREFIX}-9${Math.floor(roll * 1000)}` : roll < 0.1 ? hotId : ids[Math.floor(r() * REQUIREMENTS * 0.9)];
        const tag = `${comment} @impl ${id}`;
        if (typo) editFile ??= target;
        else probes.push({ file: target, line, character: tag.indexOf(id) + 1 });
        references++;
        fs.writeFileSync(abs, Buffer.from(`${text}${tag}\n`, 'latin1'));
        bytes += st.size + tag.length + 2;
      } else {
        fs.copyFileSync(srcAbs, abs);
        bytes += st.size;
      }
      files++;
    }
  }
  const spec = ids.map((id, i) => `## ${id}: requirement ${i + 1} of the real-code corpus\n\nStatus: approved\n\nThe system does thing ${i + 1}.\n`).join('\n');
  write('docs/requirements.md', `# Requirements\n\n${spec}`);
  spawnSync('git', ['init', '-q', dir]);
  if (!editFile || probes.length === 0) throw new Error('the real-code corpus got too few tags');
  return {
    dir,
    files,
    bytes,
    sourceFiles,
    taggedFiles: references,
    requirements: REQUIREMENTS,
    references,
    hotId,
    probes,
    editFile,
    sources: sources.map((s) => ({ name: s.name, from: s.from, files: s.files.length })),
  };
}
