/**
 * Young-generation collections on one thread while the index's threads fill
 * every core. V8 copies survivors with helper threads from its platform pool
 * (four in Node, whatever the cores); when the main thread and the index
 * workers already keep every core busy, those helpers only take turns with
 * them. Profiling a cold index of the L corpus on 2 cores, the main thread's
 * collections paused it for 0.9 s while their helper tasks ran for another
 * 1.5 s. With `--no-parallel-scavenge` during the index, the same index was
 * faster in each of 10 interleaved pairs (median pair 5%, 3-17%).
 *
 * V8's flags belong to the process, so the count of indexes that asked for
 * it does too. The flag is one V8 reads at each collection and leaves out
 * of its code-cache hash, so it can change while the process runs.
 */
import { availableParallelism } from 'node:os';
import { setFlagsFromString } from 'node:v8';

/** Command-line flags through which the user already chose how V8 collects: then this never changes it. */
const CHOSEN = /^--(no-)?(parallel[-_]scavenge|single[-_]threaded([-_]gc)?|predictable)(=|$)/;

export class SerialScavenge {
  private holds = 0;

  constructor(
    private readonly setFlags: (flags: string) => void = setFlagsFromString,
    private readonly cores: number = availableParallelism(),
    private readonly execArgv: readonly string[] = process.execArgv,
  ) {}

  /**
   * Collects on one thread while `threads` JavaScript threads run, if they
   * fill every core; the returned function (idempotent) ends the hold, and
   * the last hold ended turns parallel collections back on.
   */
  hold(threads: number): () => void {
    if (threads < this.cores || this.execArgv.some((a) => CHOSEN.test(a))) return () => undefined;
    if (this.holds++ === 0) this.setFlags('--no-parallel-scavenge');
    let held = true;
    return () => {
      if (!held) return;
      held = false;
      if (--this.holds === 0) this.setFlags('--parallel-scavenge');
    };
  }
}

/** The process's one switch: the flag it sets is the process's. */
export const serialScavenge = new SerialScavenge();
