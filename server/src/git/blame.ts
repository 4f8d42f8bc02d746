/**
 * Reading `git blame --incremental`: which commit last touched each line of
 * a file. Lines from the editor's unsaved text or the work tree that are not
 * committed come back as the all-zero commit, read here as undefined.
 */
import type { CommitInfo } from '../core';

const NOT_COMMITTED = /^0{40}$/;

/** The commit of each line (0-based index) from `git blame --incremental` output. */
export function parseIncrementalBlame(output: string): Array<CommitInfo | undefined> {
  const lines: Array<CommitInfo | undefined> = [];
  const commits = new Map<string, CommitInfo>();
  let current: { sha: string; final: number; count: number; info: CommitInfo } | undefined;
  for (const line of output.split('\n')) {
    if (!current) {
      const m = /^([0-9a-f]{40}) \d+ (\d+) (\d+)$/.exec(line);
      if (!m) continue;
      const sha = m[1];
      const info = commits.get(sha) ?? { sha, time: 0, authorTime: 0, author: '', summary: '' };
      commits.set(sha, info);
      current = { sha, final: Number(m[2]), count: Number(m[3]), info };
      continue;
    }
    const space = line.indexOf(' ');
    const key = space < 0 ? line : line.slice(0, space);
    const value = space < 0 ? '' : line.slice(space + 1);
    if (key === 'author') current.info.author = value;
    else if (key === 'author-time') current.info.authorTime = Number(value);
    else if (key === 'committer-time') current.info.time = Number(value);
    else if (key === 'summary') current.info.summary = value;
    else if (key === 'filename') {
      // `filename` ends each group of lines.
      const commit = NOT_COMMITTED.test(current.sha) ? undefined : current.info;
      for (let i = 0; i < current.count; i++) lines[current.final - 1 + i] = commit;
      current = undefined;
    }
  }
  return lines;
}
