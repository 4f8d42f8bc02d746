/**
 * Real git repositories for the CLI tests of `diff` and `check --baseline`,
 * made in temporary folders, with git's user and system config kept out; and
 * a snapshot of a repository (status, every file under it, .git included, and
 * the index's bytes) to assert that a command left it as it was.
 */
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'server/dist/cli.js');

/** No user or system git config, and no variables of a git hook that may be running the tests. */
const GIT_ENV: Record<string, string> = { GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1', GIT_OPTIONAL_LOCKS: '0' };

function baseEnv(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(process.env).filter(([k, v]) => v !== undefined && !k.startsWith('GITHUB_') && !/^GIT_(DIR|WORK_TREE|INDEX_FILE|OBJECT_DIRECTORY|PREFIX)$/.test(k)),
  ) as Record<string, string>;
}

export function tmp(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `reqtrace-${prefix}-`));
}

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=reqtrace test', '-c', 'user.email=test@example.invalid', '-c', 'init.defaultBranch=main', ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...baseEnv(), ...GIT_ENV },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Writes files (relative path → text) under `dir`. */
export function write(dir: string, files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
}

/** A repository whose first commit holds `files`; returns its folder. */
export function makeRepo(files: Record<string, string>, prefix = 'diff'): string {
  const dir = tmp(prefix);
  git(dir, 'init', '-q');
  write(dir, files);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'base');
  return dir;
}

export function commitAll(dir: string, message: string): string {
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', message);
  return git(dir, 'rev-parse', 'HEAD').trim();
}

export interface Snapshot {
  status: string;
  files: string[];
  index: string;
}

function listAll(dir: string, rel = ''): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const p = rel ? `${rel}/${e.name}` : e.name;
    out.push(p);
    if (e.isDirectory()) out.push(...listAll(dir, p));
  }
  return out.sort();
}

export function snapshot(dir: string): Snapshot {
  const top = git(dir, 'rev-parse', '--show-toplevel').trim();
  const indexFile = path.join(top, '.git', 'index');
  return {
    status: git(dir, 'status', '--porcelain', '--untracked-files=all'),
    files: listAll(top),
    index: fs.existsSync(indexFile) ? createHash('sha256').update(fs.readFileSync(indexFile)).digest('hex') : '',
  };
}

/**
 * Runs the built CLI in `cwd` with a temporary folder of its own, then
 * asserts that the repository is as it was (same status, no new or removed
 * file anywhere under it, .git included, the same index) and that the
 * command left nothing in its temporary folder (no temporary clone).
 */
export function runCliOn(repo: string, args: string[], cwd = repo, env: Record<string, string> = {}) {
  const before = snapshot(repo);
  const tmpdir = tmp('cli-tmp');
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...baseEnv(), GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1', TMPDIR: tmpdir, ...env } });
  assert.deepEqual(snapshot(repo), before, 'the repository changed');
  assert.deepEqual(fs.readdirSync(tmpdir), [], 'something was left in the temporary folder');
  fs.rmSync(tmpdir, { recursive: true, force: true });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function assertUsageError(r: { code: number | null; stderr: string }, pattern: RegExp): void {
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr.trim(), pattern);
  assert.equal(r.stderr.trim().split('\n').length, 1, `one line: ${r.stderr}`);
  assert.doesNotMatch(r.stderr, /\n\s+at |Error:/, 'no stack trace');
}
