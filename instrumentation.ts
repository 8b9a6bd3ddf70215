/**
 * Runs once when a Next.js server process starts: starts the purge outbox's drainer, which
 * retries failed page regenerations and finishes those a crashed process left behind.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  if (process.env.NEXT_PHASE === 'phase-production-build') return;
  const { startPurgeDrainer } = await import('./lib/revalidation/drainer');
  startPurgeDrainer();
}
