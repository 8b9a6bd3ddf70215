import { afterAll, describe, expect, it } from 'vitest';
import { getDb } from '../db';
import { claimPaths, foldPurgeRequests, queuePages } from './outbox';
import { releaseUnsettledClaims, rememberUnsettled } from './unsettled-claims';

const PREFIX = `/products/unsettled-${Date.now().toString(36)}`;

afterAll(async () => {
  await getDb().pagePurge.deleteMany({ where: { path: { startsWith: PREFIX } } });
  await getDb().$disconnect();
});

describe('claims the database failed to settle', () => {
  it('are given back once it answers: the row is due at once instead of blocked for the lease', async () => {
    const path = `${PREFIX}-a`;
    await queuePages(getDb(), [path]);
    await foldPurgeRequests(getDb(), [path]);
    const [claim] = await claimPaths(getDb(), [path]);
    expect(claim).toBeDefined();
    expect(await claimPaths(getDb(), [path])).toEqual([]); // held for the lease
    rememberUnsettled(claim!);
    expect(await releaseUnsettledClaims(getDb())).toBe(1);
    const [again] = await claimPaths(getDb(), [path]);
    expect(again?.generation).toBe(claim!.generation); // the same change, still to be done
    expect(await releaseUnsettledClaims(getDb())).toBe(0); // each is given back once
  });

  it('never give back a claim that is no longer theirs', async () => {
    const path = `${PREFIX}-b`;
    await queuePages(getDb(), [path]);
    await foldPurgeRequests(getDb(), [path]);
    const [current] = await claimPaths(getDb(), [path]);
    expect(current).toBeDefined();
    // An earlier lease of the same row: its holder lost it (the lease ran out, this worker took it).
    rememberUnsettled({ ...current!, claimedUntil: new Date(current!.claimedUntil.getTime() - 1_000) });
    expect(await releaseUnsettledClaims(getDb())).toBe(0);
    expect(await claimPaths(getDb(), [path])).toEqual([]); // still the current holder's
  });
});
