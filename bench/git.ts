/**
 * git in the benchmark's temporary repositories: no user or system config,
 * a fixed identity, and no automatic `gc`. A commit of a whole corpus leaves
 * far more loose objects than `gc.auto`'s threshold, so git would start a
 * detached `gc` that still writes into `.git/objects` while the benchmark
 * removes the repository (an L run failed so: "ENOTEMPTY ... rmdir .git/objects").
 */
import { execFileSync } from 'node:child_process';

export function git(cwd: string, args: string[], input?: string): string {
  return execFileSync('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@example.invalid', '-c', 'init.defaultBranch=main', '-c', 'gc.auto=0', '-c', 'maintenance.auto=false', ...args], {
    cwd,
    input,
    encoding: 'utf8',
    maxBuffer: 1 << 28,
    env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' },
  });
}
