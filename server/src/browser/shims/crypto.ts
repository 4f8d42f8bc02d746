/**
 * `node:crypto` in the browser bundles: the one hash the HTML reporter computes (the sha256 of
 * its inline script, for its Content-Security-Policy), synchronous like Node's, from @noble/hashes.
 */
import { sha256 } from '@noble/hashes/sha2';

type Encoding = 'hex' | 'base64' | 'base64url';

class Sha256 {
  private readonly hash = sha256.create();

  update(data: string | Uint8Array): this {
    this.hash.update(typeof data === 'string' ? new TextEncoder().encode(data) : data);
    return this;
  }

  digest(encoding: Encoding): string {
    const bytes = this.hash.digest();
    if (encoding === 'hex') return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
    const base64 = btoa(String.fromCharCode(...bytes));
    return encoding === 'base64' ? base64 : base64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }
}

/** Node's `createHash`, for sha256 only. */
export function createHash(algorithm: string): Sha256 {
  if (algorithm !== 'sha256') throw new Error(`the browser build hashes with sha256 only, not ${algorithm}`);
  return new Sha256();
}
