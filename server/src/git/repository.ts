/**
 * A git repository seen from a workspace folder inside it, read-only: which
 * commit a revision names, the files of a commit's tree under the workspace,
 * which files differ between two revisions (or a revision and the working
 * tree) and how their lines moved. Nothing in the working tree, the index or
 * .git is ever written: no checkout, no temporary clone.
 */
import { StringDecoder } from 'node:string_decoder';
import { ChangeSet, LineMap, type HistoryCommit, type Hunk, type TreeChange, type TreeFile } from '../core';
import { GitBlobReader } from './blobReader';
import { parseLsTree, parseNameStatus, parseRawDiff, HunkParser } from './gitParse';
import { firstLine, git, GitError, runGit, spawnGit } from './gitProcess';

/** Options of every diff here: no external or text-conversion drivers, no colour, rename detection. */
const DIFF_OPTIONS = ['--no-ext-diff', '--no-textconv', '--no-color', '-M'];

/**
 * The plumbing diff of two commits, or of a commit and the working tree.
 * Never the porcelain `git diff`: comparing with the working tree, it
 * refreshes and rewrites the index whenever a file's stat changed, whatever
 * GIT_OPTIONAL_LOCKS says (git 2.39). `diff-index` writes nothing; a file
 * whose stat changed but not its content is listed as modified, with no hunk
 * (read again at the base, and its lines map one to one).
 */
function diffCommand(sides: string[]): string[] {
  return sides.length === 1 ? ['diff-index'] : ['diff-tree', '-r'];
}

export class GitRepository {
  private blobReader: GitBlobReader | undefined;

  private constructor(
    /** The repository's top folder. */
    readonly top: string,
    /** The workspace's folder inside it, with a trailing slash ('' = the top). */
    readonly prefix: string,
    readonly shallow: boolean,
    /** The folder the repository was opened from, as the user named it. */
    private readonly dir: string,
  ) {}

  /** Opens the repository holding `dir`, or throws a `GitError` of kind `not-a-repository`. */
  static async open(dir: string): Promise<GitRepository> {
    const r = await runGit(dir, ['rev-parse', '--show-toplevel', '--show-prefix', '--is-shallow-repository']);
    if (r.code !== 0) {
      const why = firstLine(r.stderr);
      if (/not a git repository/i.test(why)) throw new GitError('not-a-repository', `${dir} is not in a git repository`);
      throw new GitError('failed', `git rev-parse failed in ${dir}: ${why}`);
    }
    const [top, prefix, shallow] = r.stdout.toString('utf8').split('\n');
    if (top === '' || top === undefined) throw new GitError('not-a-repository', `${dir} is not in a git work tree`);
    return new GitRepository(top, prefix ?? '', shallow === 'true', dir);
  }

  /**
   * The commit SHA a revision names. `what` names the argument in the
   * message (`BASE`, `--head`). A revision missing from a shallow clone says
   * which `git fetch` brings it.
   */
  async resolveCommit(rev: string, what: string): Promise<string> {
    if (rev === '' || rev.startsWith('-')) throw new GitError('bad-revision', `${what} '${rev}' is not a git revision`);
    const r = await runGit(this.top, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`]);
    const sha = r.stdout.toString('utf8').trim();
    if (r.code === 0 && sha) return sha;
    if (this.shallow) {
      throw new GitError('shallow', `${what} '${rev}' is not in this shallow clone; fetch it with: ${await this.fetchCommand(rev)}`);
    }
    throw new GitError('bad-revision', `${what} '${rev}' does not exist: no such commit in the repository at ${this.top}`);
  }

  /** The fetch that brings a revision into a shallow clone. */
  private async fetchCommand(rev: string): Promise<string> {
    // Ancestors of what is here (HEAD~3, main^): the history the clone cut off.
    if (/[~^]|@\{/.test(rev)) return 'git fetch --unshallow';
    const remotes = (await runGit(this.top, ['remote'])).stdout.toString('utf8').split('\n').filter(Boolean);
    const remote = remotes.includes('origin') ? 'origin' : (remotes[0] ?? 'origin');
    if (/^[0-9a-f]{7,64}$/i.test(rev)) return `git fetch --no-tags --depth=1 ${remote} ${rev}`;
    const slash = rev.indexOf('/');
    if (slash > 0 && remotes.includes(rev.slice(0, slash))) {
      const [name, branch] = [rev.slice(0, slash), rev.slice(slash + 1)];
      return `git fetch --no-tags --depth=1 ${name} ${branch}:refs/remotes/${name}/${branch}`;
    }
    return `git fetch --no-tags --depth=1 ${remote} ${rev}:${rev}`;
  }

  /** The regular files of a commit under the workspace folder, workspace-relative (none when the folder is not in it). */
  async listTree(sha: string): Promise<Map<string, TreeFile>> {
    // From the top, paths are the repository's: the workspace's are those under its folder, less the folder.
    // No sizes (`-l`): git would look at every blob (0.7 s at 10k loose objects); the host reads the few it needs.
    const all = parseLsTree(await git(this.top, ['ls-tree', '-r', '-z', '--full-tree', '--end-of-options', sha, ...(this.prefix ? ['--', this.prefix] : [])]));
    if (this.prefix === '') return all;
    const files = new Map<string, TreeFile>();
    for (const [p, f] of all) if (p.startsWith(this.prefix)) files.set(p.slice(this.prefix.length), f);
    return files;
  }

  /**
   * The first-parent commits from `exclude` (left out) to `until`, oldest
   * first, with their committer dates; `since` (a date git understands) and
   * `maxCount` (the newest N) limit them further.
   */
  async firstParentCommits(until: string, limits: { exclude?: string; since?: string; maxCount?: number } = {}): Promise<HistoryCommit[]> {
    const args = ['log', '--first-parent', '--reverse', '--no-show-signature', '--format=%H %cI'];
    if (limits.since !== undefined) args.push(`--since=${limits.since}`);
    if (limits.maxCount !== undefined) args.push(`--max-count=${limits.maxCount}`);
    args.push('--end-of-options', until);
    if (limits.exclude !== undefined) args.push(`^${limits.exclude}`);
    const out = (await git(this.top, [...args, '--'])).toString('utf8');
    return out
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const [sha, date] = line.split(' ');
        return { sha, date };
      });
  }

  /** The committer date of a commit (ISO 8601). */
  async commitDate(sha: string): Promise<string> {
    return (await git(this.top, ['show', '-s', '--format=%cI', '--end-of-options', sha, '--'])).toString('utf8').trim();
  }

  /**
   * The workspace files that differ between two commits, each with its new
   * blob (none when gone), renames as a deletion and an addition: what moves
   * an index from one commit to the next. No line maps, no contents.
   */
  async treeChanges(base: string, head: string): Promise<TreeChange[]> {
    const out = await git(this.top, ['diff-tree', '-r', '-z', '--raw', '--no-renames', '--no-ext-diff', '--no-textconv', ...this.relative(), base, head, '--']);
    return parseRawDiff(out).map((c) => ({ path: c.path, file: c.id === undefined ? undefined : { id: c.id } }));
  }

  /** The reader of this repository's blobs (one `git cat-file --batch`, started on first use). */
  blobs(): GitBlobReader {
    return (this.blobReader ??= new GitBlobReader(this.top));
  }

  /** Ends the processes this repository started. */
  close(): void {
    this.blobReader?.close();
    this.blobReader = undefined;
  }

  /** Limits a diff to the workspace folder, paths relative to it. */
  private relative(): string[] {
    return this.prefix === '' ? [] : [`--relative=${this.prefix}`];
  }

  /**
   * The files that differ between `base` and `head` (a commit SHA, or
   * undefined for the working tree: what `git diff BASE` shows, staged or
   * not, plus the untracked files that are not ignored), with the line maps
   * of the changed ones. Paths are workspace-relative.
   */
  async changes(base: string, head: string | undefined): Promise<ChangeSet> {
    const sides = head === undefined ? [base] : [base, head];
    const files = parseNameStatus(await git(this.top, [...diffCommand(sides), '--name-status', '-z', ...DIFF_OPTIONS, ...this.relative(), ...sides, '--']));
    if (head === undefined) {
      // Relative to the workspace folder, as git lists them from there.
      const untracked = await git(this.dir, ['ls-files', '--others', '--exclude-standard', '-z']);
      for (const f of untracked.toString('utf8').split('\0')) if (f) files.push({ status: 'added', headPath: f });
    }
    const edited = files.some((c) => c.status === 'modified' || c.status === 'renamed');
    const hunks = edited ? await this.hunks(sides) : new Map<string, Hunk[]>();
    const maps = new Map<string, LineMap>();
    for (const [path, list] of hunks) maps.set(path, new LineMap(list));
    return new ChangeSet(files, maps);
  }

  /** The `-U0` hunks of every changed file, by head path, read as git writes them (a large diff is never held whole). */
  private hunks(sides: string[]): Promise<Map<string, Hunk[]>> {
    const args = [...diffCommand(sides), '-p', '-U0', '--text', '--src-prefix=a/', '--dst-prefix=b/', ...DIFF_OPTIONS, ...this.relative(), ...sides, '--'];
    return new Promise((resolve, reject) => {
      const proc = spawnGit(this.top, args);
      const parser = new HunkParser();
      const decoder = new StringDecoder('utf8');
      let stderr = '';
      proc.stdout.on('data', (chunk: Buffer) => parser.write(decoder.write(chunk)));
      proc.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString('utf8')).slice(-2000)));
      proc.on('error', (e) => reject(new GitError('failed', `cannot run git diff: ${e.message}`)));
      proc.on('close', (code) => {
        if (code !== 0) reject(new GitError('failed', `git diff failed: ${firstLine(stderr) || `exit code ${code}`}`));
        else {
          parser.write(decoder.end());
          resolve(parser.end());
        }
      });
    });
  }
}
