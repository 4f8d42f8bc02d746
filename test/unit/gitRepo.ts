/**
 * Real git repositories in temporary folders for the suspect-reference
 * tests: files written and committed at given times (so "older" is exact),
 * and a snapshot of the repository (status and every file) to assert that a
 * check changed nothing.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export class TempRepo {
  readonly root: string;

  constructor(prefix = 'reqtrace-git-') {
    // realpath: the language server resolves links, and so does git.
    this.root = path.join(fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix))), 'repo');
    fs.mkdirSync(this.root);
    this.git('init', '-q', '-b', 'main');
    this.git('config', 'user.name', 'Ann Author');
    this.git('config', 'user.email', 'ann@example.com');
    this.git('config', 'commit.gpgsign', 'false');
  }

  git(...args: string[]): string {
    return execFileSync('git', args, { cwd: this.root, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' } });
  }

  write(files: Record<string, string>): void {
    for (const [rel, text] of Object.entries(files)) {
      const abs = path.join(this.root, rel);
      fs.mkdirSync(path.dirname(abs), { recursive: true });
      fs.writeFileSync(abs, text);
    }
  }

  read(rel: string): string {
    return fs.readFileSync(path.join(this.root, rel), 'utf8');
  }

  /** Writes the files, then commits everything at `time` (seconds since the epoch) as `author`. */
  commit(time: number, message: string, files: Record<string, string> = {}, author = 'Ann Author'): string {
    this.write(files);
    this.git('add', '-A');
    const date = `${time} +0000`;
    execFileSync('git', ['commit', '-q', '--allow-empty', '-m', message, `--author=${author} <${author.split(' ')[0].toLowerCase()}@example.com>`], {
      cwd: this.root,
      env: { ...process.env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date },
    });
    return this.git('rev-parse', 'HEAD').trim();
  }

  /** `git status --porcelain` and every path under the repository, .git included, with sizes and mtimes. */
  snapshot(): { status: string; files: string[] } {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else {
          const st = fs.statSync(p);
          files.push(`${path.relative(this.root, p)} ${st.size} ${st.mtimeMs}`);
        }
      }
    };
    walk(this.root);
    // Without optional locks: the snapshot itself must not refresh .git/index.
    return { status: this.git('--no-optional-locks', 'status', '--porcelain'), files: files.sort() };
  }

  dispose(): void {
    fs.rmSync(path.dirname(this.root), { recursive: true, force: true });
  }
}
