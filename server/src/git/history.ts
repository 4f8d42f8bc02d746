/**
 * Reading git's history output: a file's revisions (`git log --follow --raw
 * -z`) and every file's first and last commit (`git log --name-only -z`).
 */
import type { CommitInfo, FileRevision } from '../core';

/** The `--format` that `parseFileLog` reads: object name, committer and author time, author, subject. */
export const FILE_LOG_FORMAT = '%H%x00%ct%x00%at%x00%an%x00%s';

/** Revisions from `git log -z --raw --no-abbrev --format=FILE_LOG_FORMAT -- FILE`, newest first. */
export function parseFileLog(output: string): FileRevision[] {
  const tokens = output.split('\0').map((t) => t.replace(/^\n+/, ''));
  const out: FileRevision[] = [];
  let i = 0;
  while (i < tokens.length) {
    if (!/^[0-9a-f]{40}$/.test(tokens[i])) {
      i++;
      continue;
    }
    const commit: CommitInfo = { sha: tokens[i], time: Number(tokens[i + 1]), authorTime: Number(tokens[i + 2]), author: tokens[i + 3] ?? '', summary: tokens[i + 4] ?? '' };
    i += 5;
    let blob: string | undefined;
    // Raw entries: ":old-mode new-mode old-blob new-blob STATUS", then one path (two for renames and copies).
    while (i < tokens.length && tokens[i].startsWith(':')) {
      const fields = tokens[i].split(' ');
      const status = fields[4] ?? '';
      blob ??= status.startsWith('D') || /^0+$/.test(fields[3] ?? '') ? '' : fields[3];
      i += status.startsWith('R') || status.startsWith('C') ? 3 : 2;
    }
    // A commit with no entry (a merge) changed nothing of its own.
    if (blob !== undefined) out.push({ commit, blob });
  }
  return out;
}

/** The `--format` that `parseFilesLog` reads: FILE_LOG_FORMAT and the parents. */
export const FILES_LOG_FORMAT = `${FILE_LOG_FORMAT}%x00%P`;

/**
 * Revisions of several files from one `git log -z --raw --no-abbrev
 * --relative --format=FILES_LOG_FORMAT -- FILES`, newest first. A file whose
 * first revision added it in a commit with a parent may have been renamed
 * then, which only `--follow` (one file at a time) tells: it is left out.
 */
export function parseFilesLog(output: string, files: readonly string[]): Map<string, FileRevision[]> {
  const tokens = output.split('\0').map((t) => t.replace(/^\n+/, ''));
  const lists = new Map<string, FileRevision[]>(files.map((f) => [f, []]));
  const addedAfterRoot = new Set<string>();
  let i = 0;
  while (i < tokens.length) {
    if (!/^[0-9a-f]{40}$/.test(tokens[i])) {
      i++;
      continue;
    }
    const commit: CommitInfo = { sha: tokens[i], time: Number(tokens[i + 1]), authorTime: Number(tokens[i + 2]), author: tokens[i + 3] ?? '', summary: tokens[i + 4] ?? '' };
    const root = (tokens[i + 5] ?? '').trim() === '';
    i += 6;
    while (i < tokens.length && tokens[i].startsWith(':')) {
      const fields = tokens[i].split(' ');
      const status = fields[4] ?? '';
      const two = status.startsWith('R') || status.startsWith('C');
      const path = tokens[i + (two ? 2 : 1)];
      i += two ? 3 : 2;
      const list = lists.get(path);
      if (!list) continue;
      list.push({ commit, blob: status.startsWith('D') || /^0+$/.test(fields[3] ?? '') ? '' : fields[3] });
      if (status.startsWith('A') && !root) addedAfterRoot.add(path);
      else addedAfterRoot.delete(path);
    }
  }
  // Newest first, so the last entry seen is the oldest: an add after the root there may hide a rename.
  for (const f of addedAfterRoot) lists.delete(f);
  // No revision at all (an untracked file, a path git spells otherwise): asked again one by one.
  for (const [f, list] of lists) if (list.length === 0) lists.delete(f);
  return lists;
}

/** Newest and oldest committer time per path from `git log -z --format=%x01%ct --name-only`. */
export function parseSpansLog(output: string): Map<string, { newest: number; oldest: number }> {
  const out = new Map<string, { newest: number; oldest: number }>();
  let time = 0;
  for (const raw of output.split('\0')) {
    if (raw.startsWith('\x01')) {
      time = Number(raw.slice(1));
      continue;
    }
    const file = raw.replace(/^\n+/, '');
    if (file === '') continue;
    const span = out.get(file);
    // Newest first: the first time seen is the newest, the last the oldest.
    if (span) span.oldest = time;
    else out.set(file, { newest: time, oldest: time });
  }
  return out;
}
