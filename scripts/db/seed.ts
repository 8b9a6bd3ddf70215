/**
 * `npm run db:seed`: replaces the catalog with the deterministic sample catalog
 * (prisma/seed/catalog.ts), then, when ADMIN_EMAIL and ADMIN_PASSWORD are set, creates that
 * admin (or resets its password). Needs DATABASE_URL; `npm run db:seed` provides it via with-db.ts.
 * Then empties the shop's build (.next, or NEXT_DIST_DIR): its cached pages show the old prices.
 * `--keep-build` leaves it: for a second database beside a shop whose build must stay.
 * `--products N` then tops the catalog up to N products with generated ones (large-catalog work:
 * prisma/seed/generated-products.ts).
 */
import path from 'node:path';
import { upsertAdmin } from '../../lib/admin/upsert-admin';
import { getDb } from '../../lib/db';
import { getEnv } from '../../lib/env';
import { addGeneratedProducts } from '../../prisma/seed/generated-products';
import { seedDatabase } from '../../prisma/seed/seed-database';
import { clearBuild } from '../lib/clear-build';
import { repoRoot } from '../lib/repo';

async function main(): Promise<void> {
  const db = getDb();
  try {
    const products = productsWanted(process.argv);
    await seedDatabase(db, { log: console.log });
    if (products !== null) await addGeneratedProducts(db, products, { log: console.log });
    const { ADMIN_EMAIL, ADMIN_PASSWORD } = getEnv();
    if (ADMIN_EMAIL && ADMIN_PASSWORD) {
      const admin = await upsertAdmin({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD });
      console.log(`seed: admin ${admin.email}`);
    }
    if (process.argv.includes('--keep-build')) return;
    // Every price changed, but the built pages and their ISR cache would keep serving the old
    // ones (revalidation is on demand only), so the build goes too.
    const distDir = process.env.NEXT_DIST_DIR ?? '.next';
    clearBuild(path.resolve(repoRoot, distDir));
    console.log(
      `seed: cleared the shop's build (${distDir}); the next \`npm run demo\` or \`npm run build\` rebuilds it`,
    );
  } finally {
    await db.$disconnect();
  }
}

/** The N of `--products N` (or `--products=N`), or null without it. */
function productsWanted(argv: readonly string[]): number | null {
  const at = argv.findIndex((arg) => arg === '--products' || arg.startsWith('--products='));
  if (at === -1) return null;
  const value = argv[at]?.includes('=') ? argv[at]?.split('=')[1] : argv[at + 1];
  const products = Number(value);
  if (!/^\d+$/.test(value ?? '') || products < 1)
    throw new Error('--products needs a whole number, e.g. --products 100000');
  return products;
}

main().catch((error: unknown) => {
  console.error('seed failed:', error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
