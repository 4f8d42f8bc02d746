/**
 * Parsers of git's output: `ls-tree -r -z -l`, `diff --name-status -z`, `diff-tree --raw -z` and the
 * hunk headers of `diff -U0`. Pure functions, tested on their own.
 */
import type { FileChange, Hunk, TreeFile } from '../core';

/**
 * The regular files of `git ls-tree -r -z [-l]`: `<mode> <type> <id>[ <size>]\t<path>`.
 * Symbolic links and submodules are left out (nothing to read from them).
 */
export function parseLsTree(out: Buffer): Map<string, TreeFile> {
  const files = new Map<string, TreeFile>();
  for (const rec of out.toString('utf8').split('\0')) {
    const tab = rec.indexOf('\t');
    if (tab < 0) continue;
    const [mode, type, id, size] = rec.slice(0, tab).split(/ +/);
    if (type !== 'blob' || (mode !== '100644' && mode !== '100755')) continue;
    files.set(rec.slice(tab + 1), size === undefined ? { id } : { id, size: Number(size) });
  }
  return files;
}

/**
 * The changes of `git diff --name-status -z [-M]`: a status field, then one
 * path (two for renames and copies). A copy is an added file; a type change
 * or an unmerged path is a modified one.
 */
export function parseNameStatus(out: Buffer): FileChange[] {
  const fields = out.toString('utf8').split('\0');
  const changes: FileChange[] = [];
  for (let i = 0; i + 1 < fields.length; ) {
    const status = fields[i++];
    if (status === '') continue;
    const letter = status[0];
    if (letter === 'R' || letter === 'C') {
      const from = fields[i++];
      const to = fields[i++];
      changes.push(letter === 'R' ? { status: 'renamed', basePath: from, headPath: to } : { status: 'added', headPath: to });
      continue;
    }
    const path = fields[i++];
    if (letter === 'A') changes.push({ status: 'added', headPath: path });
    else if (letter === 'D') changes.push({ status: 'deleted', basePath: path });
    else changes.push({ status: 'modified', basePath: path, headPath: path });
  }
  return changes;
}

const HUNK = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

/**
 * Reads `git diff -U0` output line by line and keeps, for each file's head
 * path (from its `+++ b/…` line), the hunks' line ranges. Content lines are
 * skipped: only headers are looked at, and a header can only be a line after
 * a `diff --git` and before the section's first hunk.
 */
export class HunkParser {
  readonly hunks = new Map<string, Hunk[]>();
  private current: Hunk[] | undefined;
  private inHeader = false;
  private rest = '';

  /** Feeds a chunk of the output (any split). */
  write(chunk: string): void {
    const lines = (this.rest + chunk).split('\n');
    this.rest = lines.pop()!;
    for (const line of lines) this.line(line);
  }

  end(): Map<string, Hunk[]> {
    if (this.rest) this.line(this.rest);
    this.rest = '';
    return this.hunks;
  }

  private line(line: string): void {
    if (line.startsWith('diff --git ')) {
      this.inHeader = true;
      this.current = undefined;
      return;
    }
    if (this.inHeader && line.startsWith('+++ ')) {
      const path = unquote(line.slice(4).replace(/\t$/, ''));
      this.current = undefined;
      if (path.startsWith('b/')) {
        this.current = [];
        this.hunks.set(path.slice(2), this.current);
      }
      return;
    }
    if (line.startsWith('@@ ')) {
      const m = HUNK.exec(line);
      if (!m) return;
      this.inHeader = false;
      this.current?.push({ oldStart: Number(m[1]), oldLines: m[2] === undefined ? 1 : Number(m[2]), newStart: Number(m[3]), newLines: m[4] === undefined ? 1 : Number(m[4]) });
    }
  }
}

const ESCAPES: Record<string, number> = { a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13, '"': 34, '\\': 92 };

/** A path as git prints it: plain, or C-quoted (`"b/a\tb"`, octal escapes for raw bytes). */
export function unquote(s: string): string {
  if (!s.startsWith('"') || !s.endsWith('"') || s.length < 2) return s;
  const bytes: number[] = [];
  const body = Buffer.from(s.slice(1, -1), 'utf8');
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c !== 92 || i + 1 >= body.length) {
      bytes.push(c);
      continue;
    }
    const next = String.fromCharCode(body[i + 1]);
    if (/[0-7]/.test(next)) {
      bytes.push(parseInt(body.subarray(i + 1, i + 4).toString('latin1'), 8));
      i += 3;
    } else {
      bytes.push(ESCAPES[next] ?? body[i + 1]);
      i += 1;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/**
 * The changes of `git diff-tree -r -z --raw --no-renames`:
 * `:<old mode> <new mode> <old id> <new id> <status>\0<path>\0`. A file is
 * gone when deleted or when it became something other than a regular file
 * (a symbolic link, a submodule); otherwise its new blob is given.
 */
export function parseRawDiff(out: Buffer): Array<{ path: string; id: string | undefined }> {
  const fields = out.toString('utf8').split('\0');
  const changes: Array<{ path: string; id: string | undefined }> = [];
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const [, mode, , id, status] = fields[i].split(' ');
    const regular = mode === '100644' || mode === '100755';
    changes.push({ path: fields[i + 1], id: status === 'D' || !regular ? undefined : id });
  }
  return changes;
}
