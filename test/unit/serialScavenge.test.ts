/**
 * SerialScavenge: young-generation collections on one thread while an
 * index's threads fill every core, and parallel again when the last index
 * ends, unless the user chose how V8 collects on the command line.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { SerialScavenge } from '../../server/src/node/serialScavenge';

function recorder(cores: number, execArgv: string[] = []): { sw: SerialScavenge; flags: string[] } {
  const flags: string[] = [];
  return { sw: new SerialScavenge((f) => flags.push(f), cores, execArgv), flags };
}

describe('SerialScavenge', () => {
  it('collects on one thread from the first hold to the end of the last, each hold ended once', () => {
    const { sw, flags } = recorder(2);
    const a = sw.hold(2);
    assert.deepEqual(flags, ['--no-parallel-scavenge']);
    const b = sw.hold(3);
    a();
    a();
    assert.deepEqual(flags, ['--no-parallel-scavenge'], 'another index still runs: a second end of the first hold must not count');
    b();
    assert.deepEqual(flags, ['--no-parallel-scavenge', '--parallel-scavenge']);
    const c = sw.hold(2);
    c();
    assert.deepEqual(flags, ['--no-parallel-scavenge', '--parallel-scavenge', '--no-parallel-scavenge', '--parallel-scavenge']);
  });

  it('leaves V8 alone when the threads leave a core free for its helpers', () => {
    const { sw, flags } = recorder(8);
    sw.hold(5)();
    assert.deepEqual(flags, []);
    const { sw: four, flags: fourFlags } = recorder(4);
    const end = four.hold(4);
    assert.deepEqual(fourFlags, ['--no-parallel-scavenge']);
    end();
  });

  it('leaves V8 alone when the command line chose how it collects', () => {
    for (const arg of ['--single-threaded-gc', '--single-threaded', '--no-parallel-scavenge', '--parallel_scavenge', '--predictable']) {
      const { sw, flags } = recorder(2, ['--enable-source-maps', arg]);
      sw.hold(2)();
      assert.deepEqual(flags, [], arg);
    }
    const { sw, flags } = recorder(2, ['--parallel-scavenge-limit=3', '--max-old-space-size=4096']);
    sw.hold(2)();
    assert.equal(flags.length, 2, 'other flags are no choice');
  });

  it("sets flags this Node's V8 knows", () => {
    // An unknown flag is not an exception: V8 prints it and goes on.
    const src = path.resolve(__dirname, '../../server/src/node/serialScavenge.ts');
    const script = `const { SerialScavenge } = require(${JSON.stringify(src)}); const end = new SerialScavenge(undefined, 1, []).hold(1); Array.from({ length: 2e5 }, (_, i) => ({ i })); end(); console.log('held');`;
    const r = spawnSync(process.execPath, ['-r', 'tsx/cjs', '-e', script], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), 'held');
    assert.doesNotMatch(r.stdout + r.stderr, /unrecognized|unknown/i);
  });
});
