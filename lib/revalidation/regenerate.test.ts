import { describe, expect, it } from 'vitest';
import { failedPaths } from './purge-result';
import { regeneratePages } from './regenerate';

const paths = Array.from({ length: 20 }, (_, i) => `/products/p-${i}`);

describe('regeneratePages', () => {
  it('never regenerates more than `concurrency` pages at once, and does them all', async () => {
    let inFlight = 0;
    let peak = 0;
    const done: string[] = [];
    const results = await regeneratePages(
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
    const results = await regeneratePages(
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

  it('never reports a page done from a render that started before the caller asked', async () => {
    const renders: { release: () => void }[] = [];
    const regenerate = () =>
      new Promise<void>((resolve) => {
        renders.push({ release: resolve });
      });
    const first = regeneratePages(['/'], regenerate, 1); // a render is under way ...
    await new Promise((resolve) => setTimeout(resolve, 0));
    const second = regeneratePages(['/'], regenerate, 1); // ... when a later change commits and purges
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(renders).toHaveLength(1);
    renders[0]?.release();
    await first;
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(renders).toHaveLength(2); // the later purge got a render of its own
    let secondDone = false;
    void second.then(() => (secondDone = true));
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(secondDone).toBe(false);
    renders[1]?.release();
    expect((await second)[0]?.ok).toBe(true);
  });
});
