/**
 * `reqtrace history` beside one cold `check` of the same tree: a copy of the
 * corpus made a git repository, then 100 generated commits (written at once
 * with `git fast-import`), each changing about 20 files — references moved
 * from one source file to another of the same language, some removed — so
 * that coverage moves. The target: the whole history takes at most 10x one
 * cold check, not 100x.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { rng, type CorpusInfo } from './corpus';
import { git } from './git';

const ROOT = path.resolve(__dirname, '..');
const CLI = path.join(ROOT, 'server/dist/cli.js');

const REFERENCE = /\b[A-Z]+-\d+\b/;

/** The fast-import stream of `commits` commits on main after `base`, each editing `perCommit` source files. */
function historyStream(dir: string, base: string, commits: number, perCommit: number): string {
  const random = rng(18);
  const sources = (fs.readdirSync(dir, { recursive: true }) as string[])
    .map((f) => f.split(path.sep).join('/'))
    .filter((f) => /^(src|tests)\/.+\.\w+$/.test(f) && fs.statSync(path.join(dir, f)).isFile())
    .sort();
  const texts = new Map<string, string[]>();
  const linesOf = (f: string) => texts.get(f) ?? texts.set(f, fs.readFileSync(path.join(dir, f), 'utf8').split('\n')).get(f)!;
  const ext = (f: string) => f.slice(f.lastIndexOf('.'));
  const byExt = new Map<string, string[]>();
  for (const f of sources) (byExt.get(ext(f)) ?? byExt.set(ext(f), []).get(ext(f))!).push(f);
  const parts: string[] = [];
  const data = (s: string) => `data ${Buffer.byteLength(s)}\n${s}\n`;
  const start = 1_767_600_000;
  for (let c = 0; c < commits; c++) {
    parts.push(`commit refs/heads/main\ncommitter bench <bench@example.invalid> ${start + c * 3 * 3600} +0000\n${data(`edit ${c}`)}`);
    if (c === 0) parts.push(`from ${base}\n`);
    for (let e = 0; e < perCommit; e++) {
      const file = sources[Math.floor(random() * sources.length)];
      const lines = linesOf(file);
      const refLines = lines.map((l, i) => (REFERENCE.test(l) ? i : -1)).filter((i) => i >= 0);
      if (random() < 0.4 && refLines.length > 0) {
        // A reference removed: its requirement may lose its coverage.
        lines.splice(refLines[Math.floor(random() * refLines.length)], 1);
      } else {
        // A reference copied from another file of the same language: one may gain some.
        const donors = byExt.get(ext(file))!;
        const donor = linesOf(donors[Math.floor(random() * donors.length)]);
        const refs = donor.filter((l) => REFERENCE.test(l));
        lines.push(refs.length > 0 ? refs[Math.floor(random() * refs.length)] : '');
      }
      parts.push(`M 100644 inline ${file}\n${data(lines.join('\n'))}`);
    }
  }
  return parts.join('');
}

/** Wall time of one CLI run, with its standard error. */
function runCli(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): { ms: number; stderr: string } {
  const t = performance.now();
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 26, env: { ...process.env, ...env } });
  const ms = performance.now() - t;
  if (r.status !== 0 && r.status !== 1) throw new Error(`reqtrace ${args.join(' ')} failed: ${r.stderr}`);
  return { ms, stderr: r.stderr };
}

/** A temporary repository of the corpus with `commits` generated commits after it; returns its folder and how long the import took. */
export function makeHistoryRepo(info: CorpusInfo, commits = 100, perCommit = 20): { repo: string; importMs: number } {
  const repo = fs.mkdtempSync(path.join(os.tmpdir(), 'reqtrace-bench-history-'));
  fs.cpSync(info.dir, repo, { recursive: true });
  git(repo, ['init', '-q']);
  git(repo, ['add', '-A']);
  git(repo, ['commit', '-q', '-m', 'corpus']);
  const base = git(repo, ['rev-parse', 'HEAD']).trim();
  const t = performance.now();
  git(repo, ['fast-import', '--quiet', '--force'], historyStream(repo, base, commits, perCommit));
  return { repo, importMs: performance.now() - t };
}

export function measureHistory(info: CorpusInfo, commits = 100, perCommit = 20): Record<string, number> {
  const { repo, importMs } = makeHistoryRepo(info, commits, perCommit);
  try {
    const checkArgs = ['check', '.', '--format', 'json', '--output', os.devNull, '--fail-on', 'never'];
    // The page cache warmed by one run, then one measured run of each: the machine is shared.
    runCli(checkArgs, repo);
    const checkMs = runCli(checkArgs, repo).ms;
    const history = runCli(['history', '--format', 'json', '--output', os.devNull], repo, { REQTRACE_DEBUG_HISTORY: '1' });
    const stats = /(\d+) points, (\d+) full indexes, (\d+) files read/.exec(history.stderr);
    if (!stats || Number(stats[1]) !== commits + 1) throw new Error(`unexpected history run: ${history.stderr}`);
    return {
      historyCommits: commits + 1,
      historyImportMs: importMs,
      historyCheckMs: checkMs,
      historyMs: history.ms,
      historyVsCheck: history.ms / checkMs,
      historyFilesRead: Number(stats[3]),
    };
  } finally {
    fs.rmSync(repo, { recursive: true, force: true });
  }
}
