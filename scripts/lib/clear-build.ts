/**
 * Deletes a Next.js build (the dist folder: pages, ISR cache, build stamp) so the next start
 * rebuilds it from the current data.
 */
import { existsSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './repo';

/**
 * Empties `distDir` but keeps the folder itself: in Docker it is a volume mount point
 * (docker-compose mounts /app/.next), which cannot be removed (EBUSY).
 */
export function clearBuild(distDir: string): void {
  const folder = path.resolve(distDir);
  const fromFolderToRepo = path.relative(folder, repoRoot);
  // A mistaken NEXT_DIST_DIR ('' or '.') must not empty the checkout.
  if (fromFolderToRepo.split(path.sep)[0] !== '..' && !path.isAbsolute(fromFolderToRepo)) {
    throw new Error(`refusing to clear ${folder}: it holds the project, not just a build`);
  }
  if (!existsSync(folder)) return;
  for (const name of readdirSync(folder)) rmSync(path.join(folder, name), { recursive: true, force: true });
}
