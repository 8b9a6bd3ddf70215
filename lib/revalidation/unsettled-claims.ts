/**
 * Claims this process could not settle because the database failed just then (purge-claims.ts
 * `settle`). Such a claim is still ours until its lease ends; rather than keep the row from every
 * worker for the rest of the lease (a minute), the drain timer gives each back as soon as the
 * database answers again, and the row is due at once. A shared row (the product feed, the
 * sitemap) would otherwise hold up every change's report after an outage.
 *
 * Kept on globalThis: the timer (instrumentation) and the routes that settle claims may each load
 * their own copy of this module.
 */
import type { Prisma, PrismaClient } from '../generated/prisma/client';
import type { PurgeClaim } from './outbox';

type Db = PrismaClient | Prisma.TransactionClient;

const registry = globalThis as typeof globalThis & { __unsettledPurgeClaims?: Map<string, PurgeClaim> };
const unsettled = (registry.__unsettledPurgeClaims ??= new Map<string, PurgeClaim>());

/** Remembers a claim whose outcome could not be recorded. */
export function rememberUnsettled(claim: PurgeClaim): void {
  unsettled.set(`${claim.path}@${claim.claimedUntil.toISOString()}`, claim);
}

/**
 * Gives back every remembered claim still ours (its lease unchanged): the row stays PENDING and
 * is due now. A claim whose lease has passed is forgotten, since another worker may hold the row.
 * Throws if the database still fails; what is left is tried again next time.
 */
export async function releaseUnsettledClaims(db: Db): Promise<number> {
  let released = 0;
  for (const [key, claim] of unsettled) {
    if (claim.claimedUntil.getTime() > Date.now()) {
      released += await db.$executeRaw`
        UPDATE "PagePurge" SET "claimedUntil" = NULL, "nextAttemptAt" = now()
        WHERE path = ${claim.path} AND "claimedUntil" = ${claim.claimedUntil}`;
    }
    unsettled.delete(key);
  }
  return released;
}
