/** `npm run build:islands` (run by `npm run build` and `npm run dev` first): see scripts/lib/islands.ts. */
import { buildIslands } from './lib/islands';
import { repoRoot } from './lib/repo';
import { runMain } from './lib/run-main';

runMain(async () => {
  await buildIslands(repoRoot);
  return 0;
});
