import { defineConfig } from 'prisma/config';

// Prisma 7 reads the connection URL from here, not from schema.prisma. It is only needed by
// CLI commands that talk to the database; `prisma generate` works without it.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations', seed: 'tsx scripts/db/seed.ts' },
  datasource: { url: process.env.DATABASE_URL },
});
