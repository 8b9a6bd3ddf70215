import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/prisma/client';
import { getEnv } from './env';

// One client per process. In development Next re-evaluates modules on every change, so the
// client is kept on globalThis to avoid opening a new pool each time.
const globalForPrisma = globalThis as unknown as { prisma?: PrismaClient };

function createPrismaClient(): PrismaClient {
  const env = getEnv();
  const adapter = new PrismaPg({
    connectionString: env.DATABASE_URL,
    max: env.DATABASE_POOL_SIZE,
    // Nothing waits for ever: not for a pooled connection, nor for a lock outside inTransaction
    // (which sets tighter bounds of its own); both surface as DatabaseBusyError (lib/transaction.ts).
    connectionTimeoutMillis: 10_000,
    lock_timeout: 10_000,
  });
  return new PrismaClient({ adapter });
}

/** The shared Prisma client; created lazily so importing this module never needs a database. */
export function getDb(): PrismaClient {
  globalForPrisma.prisma ??= createPrismaClient();
  return globalForPrisma.prisma;
}

export type { PrismaClient } from './generated/prisma/client';
