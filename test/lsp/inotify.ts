/**
 * What a process watches through inotify, read from /proc (Linux only): each
 * watch is one line `inotify wd:N ino:HEX sdev:...` in the fdinfo of an
 * inotify descriptor. Tests compare the inodes with those of the files.
 */
import * as fs from 'node:fs';

/** Inode numbers a process watches with inotify; undefined where /proc cannot tell (not Linux). */
export function inotifyWatchedInodes(pid: number): number[] | undefined {
  if (process.platform !== 'linux') return undefined;
  const out: number[] = [];
  for (const fd of fs.readdirSync(`/proc/${pid}/fd`)) {
    let link: string;
    try {
      link = fs.readlinkSync(`/proc/${pid}/fd/${fd}`);
    } catch {
      continue; // closed meanwhile
    }
    if (link !== 'anon_inode:inotify') continue;
    const info = fs.readFileSync(`/proc/${pid}/fdinfo/${fd}`, 'utf8');
    for (const m of info.matchAll(/^inotify wd:\S+ ino:([0-9a-f]+)/gm)) out.push(Number.parseInt(m[1], 16));
  }
  return out;
}
