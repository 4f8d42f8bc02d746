/**
 * How both floors read a file: as the index does when no cache keeps the
 * files' mtimes (node/nodeHost.ts, readManyUnstated), with one read into a
 * buffer and no stat, unless the file fills the buffer. A floor that still
 * stat'ed each file would charge the index's competitor a system call the
 * index no longer makes (about a tenth of the L scan floor).
 */
import * as fs from 'node:fs';
import { readUpTo } from '../server/src/node/nodeHost';

/** This thread's buffer, grown to the largest file read. */
let buf = Buffer.allocUnsafe(1 << 20);

/** The bytes of the open file `fd` (a view valid until the next call), or undefined when it has more than `max`. */
export function readWhole(fd: number, max = Infinity): Buffer | undefined {
  let n = readUpTo(fd, buf, 0, buf.length, 0);
  if (n === buf.length) {
    const size = fs.fstatSync(fd).size;
    if (size > max) return undefined;
    if (size > buf.length) buf = Buffer.allocUnsafe(size);
    n = readUpTo(fd, buf, 0, size, 0);
  }
  return n > max ? undefined : buf.subarray(0, n);
}
