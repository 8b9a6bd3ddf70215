/**
 * The pages the benchmarks' open-loop shoppers ask for (bench:roles, bench:bulk-job --shoppers-at),
 * and warming them into every cache before the load starts.
 */
import pLimit from 'p-limit';
import { getDb } from '../../../lib/db';
import { categoryPath, HOME_PATH, productPath } from '../../../lib/storefront/paths';

/**
 * What shoppers ask for: the home page, every category's first page, every sample product
 * page (the generated ones excluded), and the bulk category's second and third pages and 20 of its
 * products (the pages the bulk change regenerates). Shuffled once, the same order for every target.
 */
export async function shopperPaths(categorySlug: string): Promise<string[]> {
  const db = getDb();
  const categories = await db.category.findMany({ select: { slug: true } });
  const samples = await db.product.findMany({
    where: { status: 'ACTIVE', NOT: { slug: { startsWith: 'generated-' } } },
    select: { slug: true },
  });
  const inBulk = await db.product.findMany({
    where: {
      status: 'ACTIVE',
      slug: { startsWith: 'generated-' },
      categories: { some: { category: { slug: categorySlug } } },
    },
    select: { slug: true },
    orderBy: { id: 'asc' },
    take: 20,
  });
  const paths = [
    HOME_PATH,
    ...categories.map((c) => categoryPath(c.slug)),
    categoryPath(categorySlug, 2),
    categoryPath(categorySlug, 3),
    ...[...samples, ...inBulk].map((p) => productPath(p.slug)),
  ];
  // A fixed shuffle (a linear congruential sequence), so runs ask for the same pages in the same order.
  let seed = 12345;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  return paths
    .map((path) => [random(), path] as const)
    .sort((a, b) => a[0] - b[0])
    .map(([, path]) => path);
}

export async function warm(bases: string[], paths: string[]): Promise<void> {
  const limit = pLimit(4);
  for (const base of bases) {
    // Twice: the first GET may render, the second must come from the cache.
    for (let pass = 0; pass < 2; pass += 1) {
      await Promise.all(
        paths.map((path) =>
          limit(async () => {
            const response = await fetch(`${base}${path}`);
            await response.arrayBuffer();
            if (response.status !== 200) throw new Error(`${base}${path} answered ${response.status} while warming`);
          }),
        ),
      );
    }
  }
}
