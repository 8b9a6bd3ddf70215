/**
 * One drain at a time, and none lost: each wake bumps a generation; a drain covers the
 * generation it started at, so a wake that lands while it runs (its rows may have committed after
 * the drain's claim) makes exactly one more drain, however many wakes came meanwhile.
 */
export interface SingleFlight {
  /** Asks for a drain: now if none runs, else once more right after the one running. */
  wake: () => void;
  /** Resolves once no drain runs and every wake so far has been drained (tests, shutdown). */
  idle: () => Promise<void>;
}

export function singleFlight(work: () => Promise<void>, onError: (error: unknown) => void): SingleFlight {
  let requested = 0;
  let drained = 0;
  let running: Promise<void> | undefined;
  const loop = async (): Promise<void> => {
    while (drained < requested) {
      const covers = requested;
      try {
        await work();
      } catch (error) {
        onError(error);
      }
      drained = covers;
    }
    running = undefined;
  };
  return {
    wake: () => {
      requested += 1;
      running ??= loop();
    },
    idle: async () => {
      while (running) await running;
    },
  };
}

/**
 * A flight whose every drain waits until `first` has nothing left to drain: `first`'s work always
 * goes ahead (a worker's pages before the shared documents, which would slow them on one thread).
 */
export function singleFlightAfter(
  first: SingleFlight,
  work: () => Promise<void>,
  onError: (error: unknown) => void,
): SingleFlight {
  return singleFlight(async () => {
    await first.idle();
    await work();
  }, onError);
}
