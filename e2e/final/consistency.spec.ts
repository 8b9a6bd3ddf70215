/**
 * Runs after every other spec (its Playwright project depends on theirs): whatever the specs did
 * to the catalog, with the faults they injected, once the purge queue has drained no page may
 * show a price that differs from the database. The oracle is the operators' own check
 * (`scripts/verify-prices.ts`), run through each edge cache the suite has, so a page an edge
 * still holds from before a change counts as a mismatch too.
 */
import { expect, test } from '@playwright/test';
import { edgesUnderTest } from '../fixtures/edges';
import { verifyPrices } from '../fixtures/verify-prices';

test('after all specs, once the purge queue drains, every page shows the database’s prices', async ({
  request,
  baseURL,
}) => {
  test.setTimeout(300_000);
  await expect
    .poll(
      async () => {
        const health = (await (await request.get('/api/health')).json()) as { purgeQueue: { pending: number } | null };
        return health.purgeQueue?.pending;
      },
      { message: 'the purge queue drains', timeout: 120_000, intervals: [500, 1000, 2000] },
    )
    .toBe(0);

  const check = (shop: string) => {
    const result = verifyPrices(shop);
    test.info().annotations.push({ type: 'checked', description: `${shop}: ${result.summary}` });
    return result;
  };
  // The app itself, then through each edge (a page an edge kept from before a change is stale too).
  const app = check(baseURL ?? '');
  expect(app.ok, app.output).toBe(true);
  for (const { port, label } of edgesUnderTest()) {
    const edge = check(`http://127.0.0.1:${port}`);
    expect(edge.ok, `${label}: ${edge.output}`).toBe(true);
  }
});
