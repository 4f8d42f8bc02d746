/**
 * `--changed-since REF`: the files a pull request touches, so that CI
 * reports only the diagnostics in them.
 *
 * The changes are those between the merge base of REF and HEAD and the
 * working tree — what the pull request's diff shows, plus uncommitted edits —
 * and the untracked files that are not ignored (a new file is a change even
 * before it is committed). When REF and HEAD have no merge base (a shallow
 * clone without the base commit), REF itself is the base.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gitEnv } from '../git/gitProcess';
import { UsageError } from './usageError';

export interface ChangedFiles {
  /** Workspace-relative paths, forward slashes. */
  files: Set<string>;
  /** The commit compared with. */
  base: string;
  /** Set when REF itself was used because there was no merge base. */
  warning?: string;
}

/** Runs git in the workspace root; paths come back relative to it (`--relative`). */
export function changedFiles(root: string, ref: string): ChangedFiles {
  const git = (args: string[], env: NodeJS.ProcessEnv = gitEnv()) => {
    const r = spawnSync('git', args, { cwd: root, env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    if (r.error) throw new UsageError(`--changed-since needs git: ${r.error.message}`);
    return { ok: r.status === 0, out: r.stdout, err: r.stderr.trim() };
  };
  const inside = git(['rev-parse', '--is-inside-work-tree']);
  if (!inside.ok || inside.out.trim() !== 'true') {
    throw new UsageError(`--changed-since: the workspace is not in a git work tree: ${inside.err || inside.out.trim()}`);
  }
  const commit = git(['rev-parse', '--verify', '--end-of-options', `${ref}^{commit}`]);
  if (!commit.ok) throw new UsageError(`--changed-since: '${ref}' is not a commit: ${commit.err}`);
  const refSha = commit.out.trim();

  let base = refSha;
  let warning: string | undefined;
  const mergeBase = git(['merge-base', refSha, 'HEAD']);
  if (mergeBase.ok) base = mergeBase.out.trim();
  else warning = `no merge base of ${ref} and HEAD (a shallow clone?): comparing with ${ref} itself`;

  const diff = onIndexCopy(git, (env) => git(['-c', 'core.quotePath=false', 'diff', '--name-only', '--relative', '--no-renames', '-z', base, '--'], env));
  if (!diff.ok) throw new UsageError(`--changed-since: git diff failed: ${diff.err}`);
  const untracked = git(['ls-files', '--others', '--exclude-standard', '-z']);
  if (!untracked.ok) throw new UsageError(`--changed-since: git ls-files failed: ${untracked.err}`);

  const files = new Set([...diff.out.split('\0'), ...untracked.out.split('\0')].filter(Boolean));
  return { files, base, warning };
}

type Git = (args: string[], env?: NodeJS.ProcessEnv) => { ok: boolean; out: string; err: string };

/**
 * Runs `run` with GIT_INDEX_FILE set to a temporary copy of the repository's
 * index. A porcelain `git diff` refreshes stale stat data and writes the
 * index back, even with GIT_OPTIONAL_LOCKS=0; the plumbing that would not
 * (`diff-index`) reports every file whose mtime moved as changed. The copy
 * gives the exact answer and leaves the user's index untouched.
 */
function onIndexCopy<T>(git: Git, run: (env: NodeJS.ProcessEnv) => T): T {
  const where = git(['rev-parse', '--path-format=absolute', '--git-path', 'index']);
  const index = where.ok ? where.out.trim() : '';
  if (!index || !fs.existsSync(index)) return run(gitEnv());
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reqtrace-index-'));
  try {
    const copy = path.join(dir, 'index');
    fs.copyFileSync(index, copy);
    return run({ ...gitEnv(), GIT_INDEX_FILE: copy });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
