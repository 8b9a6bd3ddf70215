import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, symlinkSync } from 'node:fs';
import path from 'node:path';

export interface OsUser {
  name: string;
  uid: number;
  gid: number;
}

export function lookupUser(name: string): OsUser | undefined {
  const uid = spawnSync('id', ['-u', name], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', name], { encoding: 'utf8' });
  if (uid.status !== 0 || gid.status !== 0) return undefined;
  return { name, uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

/** True when `user` can execute `binary` and enter and write `folder` (checked by the kernel, not by mode bits). */
export function isAccessibleTo(user: OsUser, binary: string, folder: string): boolean {
  const probe = `test -x "$1" && test -x "$2" && test -r "$2"`;
  const result = spawnSync('sh', ['-c', probe, 'probe', binary, folder], { uid: user.uid, gid: user.gid });
  return result.status === 0;
}

export function chownTree(folder: string, user: OsUser): void {
  spawnSync('chown', ['-R', `${user.uid}:${user.gid}`, folder]);
}

/**
 * Recreates the shared-library symlinks the PostgreSQL binaries need. The platform package
 * does this in an install script, which npm 11 may skip; doing it here is idempotent.
 */
export function hydrateSymlinks(nativeDir: string): void {
  const listFile = path.join(nativeDir, 'pg-symlinks.json');
  if (!existsSync(listFile)) return;
  const packageRoot = path.dirname(nativeDir);
  const links = JSON.parse(readFileSync(listFile, 'utf8')) as { source: string; target: string }[];
  for (const { source, target } of links) {
    const linkPath = path.join(packageRoot, target);
    if (existsSync(linkPath)) continue;
    try {
      symlinkSync(path.relative(path.dirname(linkPath), path.join(packageRoot, source)), linkPath);
    } catch (error) {
      // Two commands starting at once both hydrate (this runs before the start lock is taken).
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}
