/**
 * Long work on the server's single thread (a checkout's thousands of watched
 * files, a workspace-wide summary, the first full publish) is cut into
 * slices, so requests such as hover are answered between them instead of
 * after all of it.
 */

/** Longest stretch of work between two chances for requests to run. */
export const SLICE_MS = 5;

/** What long work calls between two pieces of it. */
export interface Pauser {
  pause(): Promise<void>;
}

/** Yields to the event loop once a slice's time is used up; call it between two pieces of work. */
export class TimeSlicer implements Pauser {
  private sliceStart = performance.now();

  constructor(private readonly sliceMs = SLICE_MS) {}

  /**
   * Resolves at once while the slice lasts, else after the event loop read
   * the messages that arrived meanwhile and handled them. The connection
   * handles a message in a `setImmediate` queued when it reads it, which runs
   * after any immediate queued before: so the work goes on from a second
   * `setImmediate`, queued behind the connection's.
   */
  async pause(): Promise<void> {
    if (performance.now() - this.sliceStart < this.sliceMs) return;
    await new Promise<void>((resolve) => setImmediate(() => setImmediate(resolve)));
    this.sliceStart = performance.now();
  }
}

/** While the client asked something this recently, background work steps back. */
export const CLIENT_ACTIVE_MS = 20;
/** The slice of background work while the client is active: the most a request waits for it. */
export const ACTIVE_SLICE_MS = 2;
/** The rest after each such slice. */
export const ACTIVE_REST_MS = 4;

/**
 * A `TimeSlicer` that yields more while the client is asking things (a hover, a keystroke):
 * short slices, each followed by a rest on a timer. Yielding to the event loop alone is not
 * enough on a busy machine: a process that keeps the CPU busy waits its turn behind the
 * others when a request wakes it, while one that was asleep runs at once. With the client
 * quiet, the work goes on in full slices.
 */
export class RequestYieldingSlicer implements Pauser {
  private readonly full = new TimeSlicer();
  private sliceStart = performance.now();

  /** `lastClientMessage`: when the client last asked something, in `performance.now()` time. */
  constructor(private readonly lastClientMessage: () => number) {}

  async pause(): Promise<void> {
    const now = performance.now();
    if (now - this.lastClientMessage() >= CLIENT_ACTIVE_MS) return this.full.pause();
    if (now - this.sliceStart < ACTIVE_SLICE_MS) return;
    await new Promise<void>((resolve) => setTimeout(resolve, ACTIVE_REST_MS));
    this.sliceStart = performance.now();
  }
}
