/** The worker's drain rule: never two drains at once, and no wake lost while one runs. */
import { describe, expect, it } from 'vitest';
import { singleFlight, singleFlightAfter } from './single-flight';

/** A drain that runs until the test lets it finish. */
function heldDrains() {
  const releases: (() => void)[] = [];
  let started = 0;
  let running = 0;
  let overlapped = false;
  const work = () => {
    started += 1;
    running += 1;
    if (running > 1) overlapped = true;
    return new Promise<void>((resolve) =>
      releases.push(() => {
        running -= 1;
        resolve();
      }),
    );
  };
  const releaseNext = async () => {
    releases.shift()?.();
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { work, releaseNext, started: () => started, overlapped: () => overlapped };
}

describe('singleFlight', () => {
  it('drains at once on a wake when idle', async () => {
    const drains = heldDrains();
    const flight = singleFlight(drains.work, () => undefined);
    flight.wake();
    expect(drains.started()).toBe(1);
    await drains.releaseNext();
    await flight.idle();
    expect(drains.started()).toBe(1);
  });

  it('drains exactly once more for any number of wakes during a drain, never two at once', async () => {
    const drains = heldDrains();
    const flight = singleFlight(drains.work, () => undefined);
    flight.wake();
    flight.wake();
    flight.wake();
    expect(drains.started()).toBe(1);
    await drains.releaseNext();
    expect(drains.started()).toBe(2); // the wakes that came while it ran
    flight.wake(); // lands during the second drain
    await drains.releaseNext();
    expect(drains.started()).toBe(3);
    await drains.releaseNext();
    await flight.idle();
    expect(drains.started()).toBe(3);
    expect(drains.overlapped()).toBe(false);
  });

  it('keeps draining after a drain fails, and reports the failure', async () => {
    const errors: unknown[] = [];
    let calls = 0;
    const flight = singleFlight(
      () => {
        calls += 1;
        return calls === 1 ? Promise.reject(new Error('database away')) : Promise.resolve();
      },
      (error) => errors.push(error),
    );
    flight.wake();
    flight.wake();
    await flight.idle();
    expect(calls).toBe(2);
    expect(errors).toEqual([new Error('database away')]);
    flight.wake();
    await flight.idle();
    expect(calls).toBe(3);
  });

  it("lets a flight started after another begin only once the other's drains are done", async () => {
    let releasePages = () => {};
    const order: string[] = [];
    const pages = singleFlight(
      () =>
        new Promise<void>((resolve) => {
          order.push('pages');
          releasePages = () => {
            order.push('pages done');
            resolve();
          };
        }),
      () => undefined,
    );
    const documents = singleFlightAfter(
      pages,
      () => {
        order.push('documents');
        return Promise.resolve();
      },
      () => undefined,
    );
    pages.wake();
    documents.wake();
    await new Promise(setImmediate); // every continuation that could run has run
    expect(order).toEqual(['pages']); // the documents wait
    releasePages();
    await documents.idle();
    expect(order).toEqual(['pages', 'pages done', 'documents']);
  });
});
