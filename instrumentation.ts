/**
 * Runs once when a Next.js server process starts: starts the drain timer, which retries failed
 * page regenerations and webhook deliveries and finishes those a crashed process left behind.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  if (process.env.NEXT_PHASE === 'phase-production-build') return;
  const { startDrainTimer } = await import('./lib/worker/drain-timer');
  startDrainTimer();
}
