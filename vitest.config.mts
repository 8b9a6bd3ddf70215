import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Mirrors the "@/*" path in tsconfig.json.
  resolve: { alias: { '@/': fileURLToPath(new URL('./', import.meta.url)) } },
  test: {
    include: ['**/*.test.ts'],
    exclude: ['**/node_modules/**', 'e2e/**', '.next/**', '.next-*/**', '.data/**'],
    environment: 'node',
    testTimeout: 30_000,
    fileParallelism: true,
  },
});
