/**
 * Documents built from the catalog and served as files: the Google product feed and the sitemap.
 * They are surfaces of the purge like the pages: the one decider queues their paths
 * (lib/revalidation/paths-for-change.ts) and regenerating one rebuilds it here, after the commit,
 * from committed data. Kept in PostgreSQL, so every instance serves the same copy and neither a
 * restart nor a new instance rebuilds it. See docs/surfaces.md.
 *
 * A document is built without a request, so its links name a placeholder origin, replaced by the
 * shop's address when it is served (`withOrigin`).
 */
import { getDb } from '../db';
import { inTransaction } from '../transaction';
import { FEED_PATH, SITEMAP_PATH } from '../storefront/paths';
import { buildGoogleFeed } from './google-feed';
import { buildSitemapFiles, isSitemapFilePath } from './sitemap';

/** Reserved for documentation (RFC 2606): no catalog link can name it by accident. */
const PLACEHOLDER_ORIGIN = 'http://shop-origin.invalid';

const XML = 'application/xml; charset=utf-8';

/** A family is rebuilt as one: the sitemap is /sitemap.xml plus, past 50,000 pages, its files. */
interface DocumentFamily {
  /** The path the purge queues for the whole family. */
  root: string;
  has(path: string): boolean;
  build(origin: string): Promise<Map<string, string>>;
}

const FAMILIES: readonly DocumentFamily[] = [
  {
    root: FEED_PATH,
    has: (path) => path === FEED_PATH,
    build: async (origin) => new Map([[FEED_PATH, await buildGoogleFeed(origin)]]),
  },
  {
    root: SITEMAP_PATH,
    has: (path) => path === SITEMAP_PATH || isSitemapFilePath(path),
    build: buildSitemapFiles,
  },
];

export interface StoredDocument {
  path: string;
  contentType: string;
  body: string;
  builtAt: Date;
}

/** True for the paths the purge rebuilds here instead of asking Next to render a page. */
export function isStoredDocumentRoot(path: string): boolean {
  return FAMILIES.some((family) => family.root === path);
}

/**
 * Rebuilds the family whose root is `path` and stores it (files the family no longer has are
 * deleted). The outbox's claim makes this the only rebuild of the family in flight, and its
 * generation repeats it if a change commits meanwhile.
 */
export async function rebuildStoredDocument(path: string): Promise<void> {
  const family = FAMILIES.find((f) => f.root === path);
  if (!family) throw new Error(`${path} is not a stored document`);
  await buildAndStore(family);
}

/**
 * The stored document at `path`, with its links naming `origin`; null when there is none. The
 * first request for a family's root after the table is created (a new shop, a restored database)
 * builds the family; a file of it that is not stored (a sitemap file past the last) is not built
 * on request, so no request can make the server read the catalog for nothing.
 */
export async function readStoredDocument(path: string, origin: string): Promise<StoredDocument | null> {
  const db = getDb();
  let stored = await db.storedDocument.findUnique({ where: { path } });
  const family = FAMILIES.find((f) => f.root === path);
  if (!stored && family) {
    await buildAndStore(family);
    stored = await db.storedDocument.findUnique({ where: { path } });
  }
  return stored && { ...stored, body: withOrigin(stored.body, origin) };
}

/** Builds `family` from committed data and stores it, stamped with the time its reading began. */
async function buildAndStore(family: DocumentFamily): Promise<void> {
  const [clock] = await getDb().$queryRaw<{ now: Date }[]>`SELECT clock_timestamp() AS now`;
  const readFrom = clock?.now ?? new Date();
  await storeDocumentFamily(family.root, await family.build(PLACEHOLDER_ORIGIN), readFrom);
}

/**
 * Stores one family's files, read from the database from `readFrom` on, unless a build that
 * began reading later has stored the family already: two builds that overlap (a claim whose lease
 * ran out during a long build, a first request racing a purge) leave the newer data, whatever
 * order they finish in. Writers of one family take turns (an advisory lock), so a stale writer
 * can neither overwrite the files nor bring back one the newer build deleted.
 */
export async function storeDocumentFamily(
  root: string,
  files: ReadonlyMap<string, string>,
  readFrom: Date,
): Promise<boolean> {
  const family = FAMILIES.find((f) => f.root === root);
  if (!family) throw new Error(`${root} is not a stored document`);
  return inTransaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('stored-document:' || ${root}))`;
    const current = await tx.storedDocument.findUnique({ where: { path: root }, select: { builtAt: true } });
    if (current && current.builtAt >= readFrom) return false;
    const stale = (await tx.storedDocument.findMany({ select: { path: true } }))
      .map((row) => row.path)
      .filter((stored) => family.has(stored) && !files.has(stored));
    await tx.storedDocument.deleteMany({ where: { path: { in: stale } } });
    for (const [filePath, body] of files) {
      await tx.storedDocument.upsert({
        where: { path: filePath },
        create: { path: filePath, contentType: XML, body, builtAt: readFrom },
        update: { body, builtAt: readFrom },
      });
    }
    return true;
  });
}

function withOrigin(body: string, origin: string): string {
  return body.replaceAll(PLACEHOLDER_ORIGIN, origin);
}
