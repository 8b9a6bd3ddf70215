import { describe, expect, it } from 'vitest';
import { failedPaths, purgePaths } from './purge';

const paths = Array.from({ length: 20 }, (_, i) => `/products/p-${i}`);

describe('purgePaths', () => {
  it('never regenerates more than `concurrency` pages at once, and does them all', async () => {
    let inFlight = 0;
    let peak = 0;
    const done: string[] = [];
    const results = await purgePaths(
      paths,
      async (path) => {
        inFlight += 1;
        peak = Math.max(peak, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 5));
        inFlight -= 1;
        done.push(path);
      },
      4,
    );
    expect(peak).toBe(4);
    expect(done.sort()).toEqual([...paths].sort());
    expect(results.every((r) => r.ok)).toBe(true);
  });

  it('reports each failure with its reason and still regenerates the other pages', async () => {
    const results = await purgePaths(
      ['/a', '/products/broken', '/b'],
      (path) =>
        path === '/products/broken'
          ? Promise.reject(new Error('Failed to revalidate /products/broken: Invalid response 500'))
          : Promise.resolve(),
      2,
    );
    expect(results.map((r) => [r.path, r.ok])).toEqual([
      ['/a', true],
      ['/products/broken', false],
      ['/b', true],
    ]);
    expect(results[1]).toMatchObject({ error: 'Failed to revalidate /products/broken: Invalid response 500' });
    expect(failedPaths(results)).toEqual(['/products/broken']);
  });
});
