/**
 * Long work on the server's single thread (a checkout's thousands of watched
 * files, a workspace-wide summary) is cut into slices, so requests such as
 * hover are answered between them instead of after all of it.
 */

/** Longest stretch of work between two chances for requests to run. */
export const SLICE_MS = 5;

/** Yields to the event loop once a slice's time is used up; call it between two pieces of work. */
export class TimeSlicer {
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
