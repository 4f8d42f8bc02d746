/**
 * Reads blobs through one long-lived `git cat-file --batch`: a request is a
 * line with the object ID, the answer a header line and the bytes. Requests
 * are answered in order, so many can be in flight at once — a whole commit's
 * files cost one process, not one each.
 */
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import type { BlobReader } from '../core';
import { GitError, spawnGit } from './gitProcess';

interface Pending {
  id: string;
  resolve(bytes: Uint8Array | undefined): void;
  reject(e: Error): void;
}

export class GitBlobReader implements BlobReader {
  private proc: ChildProcessWithoutNullStreams | undefined;
  private readonly pending: Pending[] = [];
  private chunks: Buffer[] = [];
  private buffered = 0;
  /** The object whose bytes are being read, once its header came. */
  private body: { size: number; blob: boolean } | undefined;
  private failed: Error | undefined;
  private stderr = '';

  constructor(private readonly top: string) {}

  read(id: string): Promise<Uint8Array | undefined> {
    if (this.failed) return Promise.reject(this.failed);
    if (!/^[0-9a-f]{40,64}$/.test(id)) return Promise.reject(new GitError('failed', `not an object ID: ${id}`));
    const proc = this.start();
    return new Promise((resolve, reject) => {
      this.pending.push({ id, resolve, reject });
      proc.stdin.write(`${id}\n`);
    });
  }

  /** Ends the git process (idempotent). Reads still pending fail. */
  close(): void {
    const proc = this.proc;
    this.proc = undefined;
    if (!proc) return;
    proc.stdin.end();
    this.fail(new GitError('failed', 'the blob reader was closed'));
  }

  private start(): ChildProcessWithoutNullStreams {
    if (this.proc) return this.proc;
    const proc = spawnGit(this.top, ['cat-file', '--batch']);
    this.proc = proc;
    proc.stdout.on('data', (chunk: Buffer) => {
      this.chunks.push(chunk);
      this.buffered += chunk.length;
      this.drain();
    });
    proc.stderr.on('data', (chunk: Buffer) => (this.stderr = (this.stderr + chunk.toString('utf8')).slice(-2000)));
    proc.stdin.on('error', () => undefined);
    proc.on('error', (e) => this.fail(new GitError('failed', `cannot run git cat-file: ${e.message}`)));
    proc.on('close', (code) => {
      if (this.pending.length > 0) this.fail(new GitError('failed', `git cat-file ended (exit code ${code}): ${this.stderr.trim().split('\n')[0] ?? ''}`));
    });
    return proc;
  }

  private fail(e: Error): void {
    this.failed ??= e;
    for (const p of this.pending.splice(0)) p.reject(e);
  }

  /** Takes every complete answer out of the buffer (joining chunks only once an answer is whole). */
  private drain(): void {
    while (this.pending.length > 0) {
      if (!this.body) {
        const buf = this.joined();
        const nl = buf.indexOf(10);
        if (nl < 0) return;
        const m = /^\S+ (\S+) (\d+)$/.exec(buf.subarray(0, nl).toString('utf8'));
        this.setBuffer(buf.subarray(nl + 1));
        if (!m) {
          // `<id> missing` (or ambiguous): no such object.
          this.pending.shift()!.resolve(undefined);
          continue;
        }
        this.body = { size: Number(m[2]), blob: m[1] === 'blob' };
      }
      // The bytes, then a newline.
      if (this.buffered < this.body.size + 1) return;
      const buf = this.joined();
      const bytes = Buffer.from(buf.subarray(0, this.body.size));
      const blob = this.body.blob;
      this.setBuffer(buf.subarray(this.body.size + 1));
      this.body = undefined;
      this.pending.shift()!.resolve(blob ? bytes : undefined);
    }
  }

  private joined(): Buffer {
    if (this.chunks.length !== 1) this.chunks = [Buffer.concat(this.chunks, this.buffered)];
    return this.chunks[0];
  }

  private setBuffer(buf: Buffer): void {
    this.chunks = buf.length > 0 ? [buf] : [];
    this.buffered = buf.length;
  }
}
