/**
 * The restart policy for a crashing language server, kept free of `vscode` so it can be
 * unit-tested: restart after a crash unless the server crashed more than `maxRestarts` times
 * within `windowMs`.
 */
export class CrashTracker {
  private readonly crashes: number[] = [];

  constructor(
    private readonly maxRestarts = 4,
    private readonly windowMs = 3 * 60 * 1000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records a crash. Returns true when the server may be restarted once more. */
  recordCrash(): boolean {
    const t = this.now();
    this.crashes.push(t);
    while (this.crashes.length > 0 && t - this.crashes[0] > this.windowMs) this.crashes.shift();
    return this.crashes.length <= this.maxRestarts;
  }

  /** Crashes within the window, as of the last {@link recordCrash}. */
  get recentCrashes(): number {
    return this.crashes.length;
  }
}
