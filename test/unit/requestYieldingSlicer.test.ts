/**
 * The first publish's slicer (issue #19): while the client asks things, the
 * work goes in short slices with a rest on a timer after each, so the server
 * sleeps between them and a request finds it awake at once; with the client
 * quiet, it runs in full slices, yielding to the event loop only.
 */
import * as assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { ACTIVE_REST_MS, ACTIVE_SLICE_MS, CLIENT_ACTIVE_MS, RequestYieldingSlicer, SLICE_MS } from '../../server/src/lsp/timeSlicer';

/** Busy work for `ms`, then one pause; returns how long the pause took. */
async function sliceThenPause(slicer: RequestYieldingSlicer, ms: number): Promise<number> {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // Work the slicer does not see: only its pause decides.
  }
  const t = performance.now();
  await slicer.pause();
  return performance.now() - t;
}

describe('RequestYieldingSlicer', () => {
  it('rests on a timer after a short slice while the client is active', async () => {
    let last = performance.now();
    const slicer = new RequestYieldingSlicer(() => last);
    last = performance.now();
    const paused = await sliceThenPause(slicer, ACTIVE_SLICE_MS + 0.5);
    // A timer of ACTIVE_REST_MS: Node fires it no earlier than 1 ms before.
    assert.ok(paused >= ACTIVE_REST_MS - 1, `paused ${paused.toFixed(2)} ms, expected a rest of ${ACTIVE_REST_MS} ms`);
  });

  it('goes on without a rest within a short slice, even with the client active', async () => {
    const slicer = new RequestYieldingSlicer(() => performance.now());
    await slicer.pause();
    const t = performance.now();
    for (let i = 0; i < 100; i++) await slicer.pause();
    // No timer: a hundred pauses inside the slice are microtasks.
    assert.ok(performance.now() - t < ACTIVE_SLICE_MS + ACTIVE_REST_MS, `took ${(performance.now() - t).toFixed(2)} ms`);
  });

  it('only yields to the event loop, without a rest, once the client is quiet', async () => {
    const slicer = new RequestYieldingSlicer(() => performance.now() - CLIENT_ACTIVE_MS - 1);
    let rests = 0;
    for (let i = 0; i < 5; i++) if ((await sliceThenPause(slicer, SLICE_MS + 0.5)) >= ACTIVE_REST_MS - 1) rests++;
    // Immediates take microseconds; on a loaded machine one of them may be late, not all.
    assert.ok(rests < 3, `${rests} of 5 pauses took a rest's time with the client quiet`);
  });
});
