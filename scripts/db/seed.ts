/**
 * `npm run db:seed`: replaces the catalog with the deterministic sample catalog
 * (prisma/seed/catalog.ts). Needs DATABASE_URL; `npm run db:seed` provides it via with-db.ts.
 */
import { getDb } from '../../lib/db';
import { seedDatabase } from '../../prisma/seed/seed-database';

async function main(): Promise<void> {
  const db = getDb();
  try {
    await seedDatabase(db, { log: console.log });
  } finally {
    await db.$disconnect();
  }
}

main().catch((error: unknown) => {
  console.error('seed failed:', error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
