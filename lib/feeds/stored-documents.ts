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
 * Rebuilds the family whose root is `path` and replaces its stored copies in one transaction
 * (files the family no longer has are deleted). The outbox's claim makes this the only rebuild
 * of the family in flight, and its generation repeats it if a change commits meanwhile.
 */
export async function rebuildStoredDocument(path: string): Promise<void> {
  const family = FAMILIES.find((f) => f.root === path);
  if (!family) throw new Error(`${path} is not a stored document`);
  const files = await family.build(PLACEHOLDER_ORIGIN);
  const builtAt = new Date();
  await inTransaction(async (tx) => {
    const stale = (await tx.storedDocument.findMany({ select: { path: true } }))
      .map((row) => row.path)
      .filter((stored) => family.has(stored) && !files.has(stored));
    await tx.storedDocument.deleteMany({ where: { path: { in: stale } } });
    for (const [filePath, body] of files) {
      await tx.storedDocument.upsert({
        where: { path: filePath },
        create: { path: filePath, contentType: XML, body, builtAt },
        update: { body, builtAt },
      });
    }
  });
}

/**
 * The stored document at `path`, with its links naming `origin`; null when there is none. The
 * first request after the table is created (a new shop, a restored database) builds the family,
 * storing only what is still missing: a rebuild that a purge finished meanwhile is newer.
 */
export async function readStoredDocument(path: string, origin: string): Promise<StoredDocument | null> {
  const db = getDb();
  let stored = await db.storedDocument.findUnique({ where: { path } });
  const family = FAMILIES.find((f) => f.has(path));
  if (!stored && family) {
    const files = await family.build(PLACEHOLDER_ORIGIN);
    const builtAt = new Date();
    await db.storedDocument.createMany({
      data: [...files].map(([filePath, body]) => ({ path: filePath, contentType: XML, body, builtAt })),
      skipDuplicates: true,
    });
    stored = await db.storedDocument.findUnique({ where: { path } });
  }
  return stored && { ...stored, body: withOrigin(stored.body, origin) };
}

function withOrigin(body: string, origin: string): string {
  return body.replaceAll(PLACEHOLDER_ORIGIN, origin);
}
