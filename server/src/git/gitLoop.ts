/**
 * One git command run on many files from a small shell loop: the loop reads a
 * path per line and runs `git ARGS -- PATH` for it. Starting a process from
 * the language server or the CLI copies a large parent (hundreds of MB at
 * 10,000 files) and costs more than a blame itself; the shell is small, so
 * its children start fast. The arguments reach git as the shell's positional
 * parameters, never through its parser. One file at a time per loop, each
 * with the time limit of a process of its own; a loop left idle ends.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { CancelledError, type CancellationToken } from '../core';

/** What the loop prints after each file: never in git's output for a path without newlines. */
const END = '\x01reqtrace-end ';
const SCRIPT = `while IFS= read -r f; do "$0" "$@" -- "$f"; printf '\\001reqtrace-end %s\\n' "$?"; done`;
const IDLE_MS = 5000;

interface Job {
  file: string;
  resolve: (r: { code: number; stdout: string }) => void;
  reject: (e: Error) => void;
  timeoutMs: number;
  token?: CancellationToken;
}

export class GitLoop {
  private child: ChildProcessWithoutNullStreams | undefined;
  private readonly queue: Job[] = [];
  private current: { job: Job; timer: NodeJS.Timeout; poll?: NodeJS.Timeout; out: string } | undefined;
  private idle: NodeJS.Timeout | undefined;

  constructor(
    private readonly cwd: string,
    private readonly command: string,
    private readonly args: string[],
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  /** True for paths the loop can take: one line each, on a system with a POSIX shell (not Windows: there git runs directly). */
  static accepts(file: string): boolean {
    return process.platform !== 'win32' && !/[\n\r]/.test(file);
  }

  run(file: string, timeoutMs: number, token?: CancellationToken): Promise<{ code: number; stdout: string }> {
    return new Promise((resolve, reject) => {
      this.queue.push({ file, resolve, reject, timeoutMs, token });
      this.next();
    });
  }

  dispose(): void {
    for (const job of this.queue.splice(0)) job.reject(new CancelledError());
    this.stop(new CancelledError());
  }

  private next(): void {
    if (this.current || this.queue.length === 0) return;
    const job = this.queue.shift()!;
    if (job.token?.isCancellationRequested) {
      job.reject(new CancelledError());
      return this.next();
    }
    if (this.idle) clearTimeout(this.idle);
    const child = (this.child ??= this.start());
    const timer = setTimeout(() => this.stop(new Error(`git ${this.args[0]} ${job.file} took more than ${job.timeoutMs} ms`)), job.timeoutMs);
    const poll = job.token && setInterval(() => job.token!.isCancellationRequested && this.stop(new CancelledError()), 25);
    this.current = { job, timer, poll, out: '' };
    child.stdin.write(job.file + '\n');
  }

  private start(): ChildProcessWithoutNullStreams {
    // A process group of its own, so that a stop ends the git under way too.
    const child = spawn('sh', ['-c', SCRIPT, this.command, ...this.args], { cwd: this.cwd, env: this.env, stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true, detached: true });
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => this.onOutput(chunk));
    child.stderr.on('data', () => undefined);
    child.stdin.on('error', () => undefined);
    child.on('error', (e) => this.child === child && this.stop(e));
    child.on('close', () => this.child === child && this.stop(new Error(`git ${this.args[0]}: the shell loop ended`)));
    return child;
  }

  private onOutput(chunk: string): void {
    const cur = this.current;
    if (!cur) return;
    cur.out += chunk;
    const at = cur.out.indexOf(END);
    if (at < 0) return;
    const eol = cur.out.indexOf('\n', at);
    if (eol < 0) return;
    const code = Number(cur.out.slice(at + END.length, eol));
    this.finish();
    cur.job.resolve({ code, stdout: cur.out.slice(0, at) });
    this.idle = setTimeout(() => this.stop(undefined), IDLE_MS);
    this.idle.unref();
    this.next();
  }

  private finish(): void {
    if (!this.current) return;
    clearTimeout(this.current.timer);
    if (this.current.poll) clearInterval(this.current.poll);
    this.current = undefined;
  }

  /** Ends the loop; the file under way, if any, fails with `error`; queued ones go to a new loop. */
  private stop(error: Error | undefined): void {
    const cur = this.current;
    this.finish();
    const child = this.child;
    this.child = undefined;
    if (child) {
      child.stdin.end();
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
    if (cur) cur.job.reject(error ?? new Error('stopped'));
    this.next();
  }
}
