/**
 * The history the suspect check needs, read from git: the Node side of the
 * core's `HistoryHost`. Every git process runs in the workspace root with a
 * time limit and stops when its work is cancelled; none takes an optional
 * lock or writes to the repository. Only a trusted workspace may get one: a
 * repository's own config can make git run programs.
 */
import { spawn } from 'node:child_process';
import { CancelledError, type CancellationToken, type CommitInfo, type FileRevision, type FileSpans, type HistoryHost } from '../core';
import { parseIncrementalBlame } from './blame';
import { CatFile } from './catFile';
import { gitEnv, SAFE_OPTIONS } from './gitProcess';
import { GitLoop } from './gitLoop';
import { FILE_LOG_FORMAT, FILES_LOG_FORMAT, parseFileLog, parseFilesLog, parseSpansLog } from './history';

/** Time limits: a blame is per file; the history passes are per workspace. */
export const GIT_TIMEOUTS = { blameMs: 10_000, logMs: 60_000, readMs: 30_000 };

/** Variables that would point git at another repository than the workspace's. */
const REPOSITORY_VARIABLES = ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_OBJECT_DIRECTORY', 'GIT_ALTERNATE_OBJECT_DIRECTORIES', 'GIT_NAMESPACE', 'GIT_PREFIX'];

interface GitResult {
  code: number | null;
  stdout: Buffer;
  stderr: string;
}

/** A failure of the history's git runs (its own class: gitProcess.ts's GitError carries a kind for `reqtrace diff`). */
export class HistoryGitError extends Error {}

/** Options of every git run: gitProcess.ts's safe ones, and no optional lock (so no write to .git). */
const GIT_OPTIONS = ['--no-optional-locks', ...SAFE_OPTIONS];

/** gitProcess.ts's environment, without the variables that would point git at another repository. */
function historyEnv(): NodeJS.ProcessEnv {
  const env = gitEnv();
  for (const v of REPOSITORY_VARIABLES) delete env[v];
  return env;
}

export function runGit(cwd: string, args: string[], options: { input?: string; timeoutMs: number; token?: CancellationToken; command?: string }): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(options.command ?? 'git', [...GIT_OPTIONS, ...args], { cwd, env: historyEnv(), stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
    const chunks: Buffer[] = [];
    let stderr = '';
    let failure: Error | undefined;
    const stop = (e: Error) => {
      failure ??= e;
      child.kill('SIGKILL');
    };
    const timer = setTimeout(() => stop(new HistoryGitError(`git ${args[0]} took more than ${options.timeoutMs} ms`)), options.timeoutMs);
    const poll = options.token && setInterval(() => options.token!.isCancellationRequested && stop(new CancelledError()), 25);
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c.slice(0, 4096)));
    child.stdin.on('error', () => undefined);
    child.on('error', (e) => stop(new HistoryGitError(`cannot run git: ${e.message}`)));
    child.on('close', (code) => {
      clearTimeout(timer);
      if (poll) clearInterval(poll);
      if (failure) reject(failure);
      else resolve({ code, stdout: Buffer.concat(chunks), stderr: stderr.trim() });
    });
    child.stdin.end(options.input ?? '');
  });
}

const BLAME_ARGS = ['blame', '--incremental', '--no-textconv'];
const FILE_LOG_ARGS = ['log', '--follow', '-z', '--raw', '--no-abbrev', `--format=${FILE_LOG_FORMAT}`];

export class GitHistoryHost implements HistoryHost {
  /** Blames of committed files and file histories go through shell loops; blobs through one cat-file. */
  private readonly blameLoops: GitLoop[];
  private readonly logLoop: GitLoop;
  private readonly catFile: CatFile;
  private nextBlameLoop = 0;

  private constructor(
    readonly root: string,
    private readonly command: string,
  ) {
    const env = historyEnv();
    this.blameLoops = [0, 1].map(() => new GitLoop(root, command, [...GIT_OPTIONS, ...BLAME_ARGS, 'HEAD'], env));
    this.logLoop = new GitLoop(root, command, [...GIT_OPTIONS, ...FILE_LOG_ARGS], env);
    this.catFile = new CatFile(root, command, GIT_OPTIONS, env);
  }

  /** Ends the processes kept for the next requests. */
  dispose(): void {
    for (const l of [...this.blameLoops, this.logLoop]) l.dispose();
    this.catFile.dispose();
  }

  /**
   * A host for the repository holding `root`, or why there is none (git
   * missing, not a repository, no commit yet): one line for the log.
   */
  static async open(root: string, command = 'git'): Promise<GitHistoryHost | string> {
    let r: GitResult;
    try {
      r = await runGit(root, ['rev-parse', '--is-inside-work-tree', '--verify', 'HEAD'], { timeoutMs: GIT_TIMEOUTS.readMs, command });
    } catch (e) {
      return `git is not available (${(e as Error).message})`;
    }
    const out = r.stdout.toString('utf8').split('\n');
    if (out[0] !== 'true') return `${root} is not in a git work tree`;
    if (r.code !== 0) return `the git repository of ${root} has no commit yet`;
    return new GitHistoryHost(root, command);
  }

  /** The commit HEAD names now (undefined when it cannot be read): when it moves, histories are read again. */
  async head(token?: CancellationToken): Promise<string | undefined> {
    const r = await this.git(['rev-parse', '--verify', 'HEAD'], GIT_TIMEOUTS.readMs, token);
    return r.code === 0 ? r.stdout.toString('utf8').trim() : undefined;
  }

  async fileHistory(file: string, token: CancellationToken): Promise<FileRevision[]> {
    if (GitLoop.accepts(file)) {
      const r = await this.logLoop.run(file, GIT_TIMEOUTS.logMs, token);
      if (r.code !== 0) throw new HistoryGitError(`git log ${file} failed (exit code ${r.code})`);
      return parseFileLog(r.stdout);
    }
    const r = await this.git([...FILE_LOG_ARGS, '--', file], GIT_TIMEOUTS.logMs, token);
    if (r.code !== 0) throw new HistoryGitError(`git log ${file} failed: ${r.stderr}`);
    return parseFileLog(r.stdout.toString('utf8'));
  }

  async fileHistories(files: readonly string[], token: CancellationToken): Promise<Map<string, FileRevision[]>> {
    const out = new Map<string, FileRevision[]>();
    // A few hundred paths per run keep the command line short.
    for (let i = 0; i < files.length; i += 200) {
      const some = files.slice(i, i + 200);
      const r = await this.git(['log', '-M', '-z', '--raw', '--no-abbrev', '--relative', `--format=${FILES_LOG_FORMAT}`, '--', ...some], GIT_TIMEOUTS.logMs, token);
      if (r.code !== 0) continue;
      for (const [f, list] of parseFilesLog(r.stdout.toString('utf8'), some)) out.set(f, list);
    }
    return out;
  }

  async readBlobs(blobs: readonly string[], token: CancellationToken): Promise<Map<string, string>> {
    if (blobs.length === 0) return new Map();
    return this.catFile.read(blobs, GIT_TIMEOUTS.readMs, token);
  }

  async blame(file: string, text: string | undefined, token: CancellationToken, committed = false): Promise<Array<CommitInfo | undefined>> {
    if (committed && text === undefined && GitLoop.accepts(file)) {
      // The file is as committed: blame HEAD's version, through a loop (most blames of a batch come this way).
      const loop = this.blameLoops[this.nextBlameLoop++ % this.blameLoops.length];
      const r = await loop.run(file, GIT_TIMEOUTS.blameMs, token);
      if (r.code !== 0) return [];
      return parseIncrementalBlame(r.stdout);
    }
    const args = ['blame', '--incremental', '--no-textconv', ...(text === undefined ? [] : ['--contents', '-']), '--', file];
    const r = await this.git(args, GIT_TIMEOUTS.blameMs, token, text);
    // A file git does not track: none of its lines is committed.
    if (r.code !== 0 && /no such path|not tracked|no such file/i.test(r.stderr)) return [];
    if (r.code !== 0) throw new HistoryGitError(`git blame ${file} failed: ${r.stderr}`);
    return parseIncrementalBlame(r.stdout.toString('utf8'));
  }

  async fileSpans(token: CancellationToken): Promise<FileSpans | undefined> {
    const log = await this.git(['log', '-z', '--format=%x01%ct', '--name-only', '--no-renames', '--relative', '--', '.'], GIT_TIMEOUTS.logMs, token);
    // Plumbing, not `git diff`: the porcelain refreshes (rewrites) .git/index when files are stat-dirty, whatever
    // GIT_OPTIONAL_LOCKS says. diff-index reports a stat-dirty file as modified: it is then blamed as it is on disk.
    const diff = await this.git(['diff-index', '--name-only', '-z', '--no-renames', '--relative', 'HEAD', '--', '.'], GIT_TIMEOUTS.logMs, token);
    if (log.code !== 0 || diff.code !== 0) return undefined;
    return { committed: parseSpansLog(log.stdout.toString('utf8')), modified: new Set(diff.stdout.toString('utf8').split('\0').filter(Boolean)) };
  }

  private git(args: string[], timeoutMs: number, token: CancellationToken | undefined, input?: string): Promise<GitResult> {
    return runGit(this.root, args, { timeoutMs, token, input, command: this.command });
  }
}
