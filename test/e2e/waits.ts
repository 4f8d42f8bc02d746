// Waits with a timeout and a message that says what was awaited. On a timeout
// the current page is saved as a screenshot whose path goes into the error.
import type { Locator } from 'playwright-core';

/** Waits on one page; {@link Workbench.wait} is the instance tests use. */
export class Waiter {
  constructor(
    /** Default timeout of each wait. */
    readonly timeoutMs: number,
    /** Takes a screenshot named after the failed wait and returns its path. */
    private readonly screenshot: (name: string) => Promise<string>,
  ) {}

  /** Waits until `locator` is visible. `what` completes "waiting for …". */
  async visible(locator: Locator, what: string, timeoutMs = this.timeoutMs): Promise<void> {
    try {
      await locator.waitFor({ state: 'visible', timeout: timeoutMs });
    } catch (err) {
      throw await this.failure(what, timeoutMs, err);
    }
  }

  /** Waits until `locator` is hidden or gone. */
  async hidden(locator: Locator, what: string, timeoutMs = this.timeoutMs): Promise<void> {
    try {
      await locator.waitFor({ state: 'hidden', timeout: timeoutMs });
    } catch (err) {
      throw await this.failure(what, timeoutMs, err);
    }
  }

  /**
   * Polls `condition` every 100 ms until it returns true. Errors thrown by
   * `condition` count as "not yet"; the last one is reported on timeout.
   */
  async until(what: string, condition: () => Promise<boolean>, timeoutMs = this.timeoutMs): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let lastError: unknown;
    for (;;) {
      try {
        if (await condition()) return;
      } catch (err) {
        lastError = err;
      }
      if (Date.now() > deadline) throw await this.failure(what, timeoutMs, lastError);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /**
   * Clicks with `click` until `done` holds. A click can be lost while the
   * workbench re-renders, but one that toggles (a folder, a tree row) must
   * not be repeated before it could show: `click` runs again only once
   * `retryMs` have passed since the last click that went through. Errors
   * thrown by `click` (its target not shown yet) count as "not yet".
   */
  async clickUntil(what: string, click: () => Promise<void>, done: () => Promise<boolean>, retryMs = 4000): Promise<void> {
    let clickedAt = -Infinity;
    await this.until(what, async () => {
      if (await done()) return true;
      if (Date.now() - clickedAt >= retryMs) {
        await click();
        clickedAt = Date.now();
      }
      return false;
    });
  }

  private async failure(what: string, timeoutMs: number, cause: unknown): Promise<Error> {
    const shot = await this.screenshot(`FAILED-waiting-for-${what}`).catch(() => 'none');
    const detail = cause instanceof Error ? `\n${cause.message.split('\n')[0]}` : '';
    return new Error(`Timed out after ${timeoutMs} ms waiting for ${what} (screenshot: ${shot})${detail}`);
  }
}
