/**
 * Running the `git` program, read-only and safely: never through a shell,
 * with the options that keep a repository's config from running programs
 * during a read (fsmonitor, external diff drivers, text conversion), and
 * `GIT_OPTIONAL_LOCKS=0` so that reads never rewrite the index. Failures
 * become a `GitError` with one line for the user, never a stack.
 */
import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';

export type GitErrorKind = 'no-git' | 'not-a-repository' | 'bad-revision' | 'shallow' | 'failed';

/** A git failure, with a message of one line meant for the user. */
export class GitError extends Error {
  constructor(
    readonly kind: GitErrorKind,
    message: string,
  ) {
    super(message);
  }
}

/** Options before every git command: none of them lets the repository's config start a program. */
export const SAFE_OPTIONS = ['-c', 'core.fsmonitor=false', '-c', 'core.quotePath=false', '-c', 'diff.external=', '-c', 'core.hooksPath=/dev/null'];

/** The environment git runs in: no locks taken for reads, no prompts, no pager, messages in English. */
export function gitEnv(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base, GIT_OPTIONAL_LOCKS: '0', GIT_TERMINAL_PROMPT: '0', GIT_PAGER: 'cat', LC_ALL: 'C', LANGUAGE: 'C' };
  delete env.GIT_EXTERNAL_DIFF;
  return env;
}

export interface GitResult {
  code: number;
  stdout: Buffer;
  /** Trimmed. */
  stderr: string;
}

/** Largest output read from one git command (a tree listing of a huge repository, a large diff). */
const MAX_BUFFER = 1 << 30;

/** Runs git in `cwd` and collects its output; a non-zero exit is returned, not thrown. */
export function runGit(cwd: string, args: readonly string[]): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    execFile('git', [...SAFE_OPTIONS, ...args], { cwd, env: gitEnv(), encoding: 'buffer', maxBuffer: MAX_BUFFER }, (error, stdout, stderr) => {
      const err = error as (NodeJS.ErrnoException & { code?: string | number }) | null;
      if (err && typeof err.code === 'string') {
        reject(err.code === 'ENOENT' ? new GitError('no-git', 'git is not installed (no `git` on the PATH)') : new GitError('failed', `cannot run git: ${err.message}`));
        return;
      }
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ code, stdout, stderr: stderr.toString('utf8').trim() });
    });
  });
}

/** Runs git and returns its standard output; a failure throws a `GitError` naming the command and git's first line. */
export async function git(cwd: string, args: readonly string[]): Promise<Buffer> {
  const r = await runGit(cwd, args);
  if (r.code !== 0) throw new GitError('failed', `git ${args[0]} failed: ${firstLine(r.stderr) || `exit code ${r.code}`}`);
  return r.stdout;
}

/** A long-running git process (`cat-file --batch`, a streamed diff). */
export function spawnGit(cwd: string, args: readonly string[]): ChildProcessWithoutNullStreams {
  return spawn('git', [...SAFE_OPTIONS, ...args], { cwd, env: gitEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
}

/** Git's message without its `fatal: ` / `error: ` prefix, first line only. */
export function firstLine(stderr: string): string {
  return (stderr.split('\n').find((l) => l.trim() !== '') ?? '').replace(/^(fatal|error): /, '').trim();
}
