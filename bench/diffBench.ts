/**
 * `reqtrace diff` beside a plain `check` on the same tree: a copy of the
 * corpus made a git repository, one spec file changed in the working tree
 * (a requirement's text, so that its references become suspects). The
 * target: diff takes at most twice a check.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { CorpusInfo } from './corpus';
import { git } from './git';

const ROOT = path.resolve(__dirname, '..');
const CLI = path.join(ROOT, 'server/dist/cli.js');

/** Median wall time of `runs` runs of the CLI (its output thrown away). */
function timeCli(args: string[], cwd: string, runs: number): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const r = spawnSync(process.execPath, [CLI, ...args], { cwd, stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 26 });
    times.push(performance.now() - t);
    if (r.status !== 0 && r.status !== 1) throw new Error(`reqtrace ${args.join(' ')} failed: ${r.stderr}`);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
}

/** The first Markdown spec file of the corpus with a requirement whose text can be changed. */
function specToChange(dir: string): string {
  const specs = (fs.readdirSync(dir, { recursive: true }) as string[]).map((f) => f.split(path.sep).join('/')).filter((f) => /^specs\/.+\.md$/.test(f)).sort();
  if (specs.length === 0) throw new Error('no Markdown spec in the corpus');
  return specs[0];
}

export function measureDiff(info: CorpusInfo, runs = 3): Record<string, number> {
  const repo = fs.mkdtempSync(path.join(os.tmpdir(), 'reqtrace-bench-diff-'));
  try {
    fs.cpSync(info.dir, repo, { recursive: true });
    git(repo, ['init', '-q']);
    git(repo, ['add', '-A']);
    git(repo, ['commit', '-q', '-m', 'corpus']);
    const spec = specToChange(repo);
    const file = path.join(repo, spec);
    const text = fs.readFileSync(file, 'utf8');
    // A word of the first requirement's text after its heading: a text change.
    const changed = text.replace(/(\n## [^\n]+\n(?:[^\n]*\n)*?\n)([A-Za-z])/, '$1Changed: $2');
    if (changed === text) throw new Error(`could not change a requirement's text in ${spec}`);
    fs.writeFileSync(file, changed);
    const diffArgs = ['diff', 'HEAD', '--format', 'json', '--output', os.devNull, '--fail-on', 'never'];
    const out = spawnSync(process.execPath, [CLI, 'diff', 'HEAD', '--format', 'json', '--fail-on', 'never'], { cwd: repo, encoding: 'utf8', maxBuffer: 1 << 28 });
    const json = JSON.parse(out.stdout) as { requirements: { changed: unknown[] }; suspects: unknown[] };
    if (json.requirements.changed.length !== 1) throw new Error(`expected one changed requirement, got ${json.requirements.changed.length}: ${out.stderr}`);
    // Warm the page cache, then alternate nothing: each median on its own.
    timeCli(['check', '.', '--format', 'json', '--output', os.devNull, '--fail-on', 'never'], repo, 1);
    const checkMs = timeCli(['check', '.', '--format', 'json', '--output', os.devNull, '--fail-on', 'never'], repo, runs);
    const diffMs = timeCli(diffArgs, repo, runs);
    return { diffCheckMs: checkMs, diffMs, diffVsCheck: diffMs / checkMs, diffSuspects: json.suspects.length };
  } finally {
    fs.rmSync(repo, { recursive: true, force: true });
  }
}
