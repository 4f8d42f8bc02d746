/**
 * Blobs read through one long-running `git cat-file --batch`: a spec file's
 * revisions are read a few at a time as its history is walked, and one
 * process for all of them spares starting one per batch. Requests take
 * turns; the process ends when idle, or on a time limit or cancellation
 * (then the next request starts another).
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { CancelledError, type CancellationToken } from '../core';

const IDLE_MS = 5000;

export class CatFile {
  private child: ChildProcessWithoutNullStreams | undefined;
  private turn: Promise<unknown> = Promise.resolve();
  private buffer: Buffer = Buffer.alloc(0);
  private wake: (() => void) | undefined;
  private idle: NodeJS.Timeout | undefined;
  private failure: Error | undefined;

  constructor(
    private readonly cwd: string,
    private readonly command: string,
    private readonly args: string[],
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  /** The text of each blob that exists. */
  read(blobs: readonly string[], timeoutMs: number, token?: CancellationToken): Promise<Map<string, string>> {
    const mine = this.turn.then(() => this.readNow(blobs, timeoutMs, token));
    this.turn = mine.catch(() => undefined);
    return mine;
  }

  dispose(): void {
    this.stop(new CancelledError());
  }

  private async readNow(blobs: readonly string[], timeoutMs: number, token?: CancellationToken): Promise<Map<string, string>> {
    if (this.idle) clearTimeout(this.idle);
    this.failure = undefined;
    const child = (this.child ??= this.start());
    const timer = setTimeout(() => this.stop(new Error(`git cat-file took more than ${timeoutMs} ms`)), timeoutMs);
    const poll = token && setInterval(() => token.isCancellationRequested && this.stop(new CancelledError()), 25);
    try {
      child.stdin.write(blobs.map((b) => b + '\n').join(''));
      const out = new Map<string, string>();
      for (let i = 0; i < blobs.length; i++) {
        const header = (await this.take(() => this.buffer.indexOf(0x0a))).toString('utf8').trimEnd();
        const [sha, type, size] = header.split(' ');
        if (size === undefined) continue;
        const body = await this.take(() => (this.buffer.length >= Number(size) + 1 ? Number(size) : -1), 1);
        if (type === 'blob') out.set(sha, body.toString('utf8').replace(/^\uFEFF/, ''));
      }
      return out;
    } finally {
      clearTimeout(timer);
      if (poll) clearInterval(poll);
      this.idle = setTimeout(() => this.stop(undefined), IDLE_MS);
      this.idle.unref();
    }
  }

  /** Waits until `end()` finds the end of the next piece, then takes it (and `skip` more bytes). */
  private async take(end: () => number, skip = 1): Promise<Buffer> {
    for (;;) {
      if (this.failure) throw this.failure;
      const at = end();
      if (at >= 0) {
        const piece = this.buffer.subarray(0, at);
        this.buffer = this.buffer.subarray(at + skip);
        return piece;
      }
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  private start(): ChildProcessWithoutNullStreams {
    this.buffer = Buffer.alloc(0);
    const child = spawn(this.command, [...this.args, 'cat-file', '--batch'], { cwd: this.cwd, env: this.env, stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
    child.stdout.on('data', (chunk: Buffer) => {
      this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
      this.wake?.();
    });
    child.stderr.on('data', () => undefined);
    child.stdin.on('error', () => undefined);
    child.on('error', (e) => this.child === child && this.stop(e));
    child.on('close', () => this.child === child && this.stop(new Error('git cat-file ended')));
    return child;
  }

  private stop(error: Error | undefined): void {
    const child = this.child;
    this.child = undefined;
    this.failure = error ?? new Error('stopped');
    child?.stdin.end();
    child?.kill('SIGKILL');
    this.wake?.();
  }
}
