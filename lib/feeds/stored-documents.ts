/**
 * Documents built from the catalog and served as files: the Google product feed and the sitemap.
 * They are surfaces of the purge like the pages: the one decider queues their paths
 * (lib/revalidation/paths-for-change.ts) and regenerating one rebuilds it here, after the commit,
 * from committed data. Kept in PostgreSQL, so every instance serves the same copy and neither a
 * restart nor a new instance rebuilds it. See docs/surfaces.md.
 *
 * A document is built without a request, so its links name a placeholder origin, replaced by the
 * shop's address when it is served (`withOrigin`).
 *
 * The feed is stored in pieces of product ids (lib/storefront/paths.ts `FEED_PIECE_PRODUCTS`): a
 * product's change rebuilds its piece (a few hundred products, whatever the catalog's size), and
 * the feed is put together from the pieces when it is served. A row at the feed's own path marks
 * that every piece has been built once (docs/surfaces.md).
 */
import { getDb } from '../db';
import type { Prisma } from '../generated/prisma/client';
import { inTransaction } from '../transaction';
import {
  FEED_PATH,
  FEED_PIECE_PREFIX,
  FEED_PIECE_PRODUCTS,
  feedPieceNumber,
  feedPiecePath,
  SITEMAP_PATH,
} from '../storefront/paths';
import { buildGoogleFeedItems, wrapFeedItems } from './google-feed';
import { buildSitemapFiles, isSitemapFilePath } from './sitemap';

/** Reserved for documentation (RFC 2606): no catalog link can name it by accident. */
const PLACEHOLDER_ORIGIN = 'http://shop-origin.invalid';

const XML = 'application/xml; charset=utf-8';

/** A family is rebuilt as one: the sitemap is /sitemap.xml plus, past 50,000 pages, its files. */
interface DocumentFamily {
  /** The path the purge queues for the whole family. */
  root: string;
  has(path: string): boolean;
  /** Where its stored files are (a superset of `has`): a store reads only these. */
  stored: Prisma.StoredDocumentWhereInput;
  build(origin: string): Promise<Map<string, string>>;
}

const SITEMAP_FAMILY: DocumentFamily = {
  root: SITEMAP_PATH,
  has: (path) => path === SITEMAP_PATH || isSitemapFilePath(path),
  stored: { OR: [{ path: SITEMAP_PATH }, { path: { startsWith: '/sitemaps/' } }] },
  build: buildSitemapFiles,
};

/** A piece of the feed: the items of its products, stored on their own. */
function feedPieceFamily(piece: number): DocumentFamily {
  const root = feedPiecePath(piece);
  const ids = { from: piece * FEED_PIECE_PRODUCTS, to: (piece + 1) * FEED_PIECE_PRODUCTS - 1 };
  return {
    root,
    has: (path) => path === root,
    stored: { path: root },
    build: async (origin) => new Map([[root, await buildGoogleFeedItems(origin, ids)]]),
  };
}

/** The feed's own row: no items, only the mark that every piece was built once. */
const FEED_MARK_FAMILY: DocumentFamily = {
  root: FEED_PATH,
  has: (path) => path === FEED_PATH,
  stored: { path: FEED_PATH },
  build: () => Promise.resolve(new Map([[FEED_PATH, '']])),
};

function familyOf(root: string): DocumentFamily | undefined {
  if (root === SITEMAP_PATH) return SITEMAP_FAMILY;
  if (root === FEED_PATH) return FEED_MARK_FAMILY;
  const piece = feedPieceNumber(root);
  return piece === null ? undefined : feedPieceFamily(piece);
}

export interface StoredDocument {
  path: string;
  contentType: string;
  body: string;
  builtAt: Date;
}

/** True for the paths the purge rebuilds here instead of asking Next to render a page. */
export function isStoredDocumentRoot(path: string): boolean {
  return familyOf(path) !== undefined;
}

/**
 * Rebuilds the family whose root is `path` and stores it (files the family no longer has are
 * deleted): the sitemap, one piece of the feed, or at the feed's own path every piece. The
 * outbox's claim makes this the only rebuild of the family in flight, and its generation repeats
 * it if a change commits meanwhile.
 */
export async function rebuildStoredDocument(path: string): Promise<void> {
  if (path === FEED_PATH) return rebuildWholeFeed();
  const family = familyOf(path);
  if (!family) throw new Error(`${path} is not a stored document`);
  await buildAndStore(family);
}

/**
 * Every piece that has products or is stored, one at a time (a piece's products in memory, not
 * the catalog's), then the mark.
 */
async function rebuildWholeFeed(): Promise<void> {
  const readFrom = await databaseClock();
  const withProducts = await getDb().$queryRaw<{ piece: number }[]>`
    SELECT DISTINCT (id / ${FEED_PIECE_PRODUCTS})::int AS piece FROM "Product" ORDER BY 1`;
  const stored = (await storedFeedPieces()).map((row) => row.piece);
  const pieces = [...new Set([...withProducts.map((row) => row.piece), ...stored])].sort((a, b) => a - b);
  for (const piece of pieces) await buildAndStore(feedPieceFamily(piece));
  await storeDocumentFamily(FEED_PATH, await FEED_MARK_FAMILY.build(PLACEHOLDER_ORIGIN), readFrom);
}

/**
 * The stored document at `path`, with its links naming `origin`; null when there is none. The
 * first request for a family's root after the table is created (a new shop, a restored database)
 * builds the family; a file of it that is not stored (a sitemap file past the last) is not built
 * on request, so no request can make the server read the catalog for nothing. The feed is put
 * together from its pieces; a piece is never served on its own.
 */
export async function readStoredDocument(path: string, origin: string): Promise<StoredDocument | null> {
  if (path === FEED_PATH) return readFeed(origin);
  if (feedPieceNumber(path) !== null) return null;
  const db = getDb();
  let stored = await db.storedDocument.findUnique({ where: { path } });
  if (!stored && path === SITEMAP_PATH) {
    await buildAndStore(SITEMAP_FAMILY);
    stored = await db.storedDocument.findUnique({ where: { path } });
  }
  return stored && { ...stored, body: withOrigin(stored.body, origin) };
}

/**
 * The feed put together from its pieces. Every request reaches the app (no edge keeps the feed),
 * so a process keeps the last one it put together, with the placeholder origin, as long as no
 * piece changed (`feedVersion`): requests in a row cost one small query, and requests at once share
 * one assembly, however many arrive. A new shop's first request builds every piece, once.
 */
async function readFeed(origin: string): Promise<StoredDocument> {
  let version = await feedVersion();
  if (version === null) {
    feedMemo.building ??= rebuildWholeFeed().finally(() => (feedMemo.building = undefined));
    await feedMemo.building;
    version = (await feedVersion()) ?? '';
  }
  if (feedMemo.assembled?.version !== version) {
    const assembling = assembleFeed();
    feedMemo.assembled = { version, document: assembling };
    assembling.catch(() => {
      if (feedMemo.assembled?.document === assembling) feedMemo.assembled = undefined;
    });
  }
  const document = await feedMemo.assembled.document;
  return { ...document, body: withOrigin(document.body, origin) };
}

// On globalThis: each page's bundle has its own copy of this module, one memo serves all.
const feedMemo = ((globalThis as unknown as { storedFeed?: FeedMemo }).storedFeed ??= {});

interface FeedMemo {
  assembled?: { version: string; document: Promise<StoredDocument> };
  building?: Promise<void>;
}

/** Names the stored pieces and their build times; null while the feed was never built. */
async function feedVersion(): Promise<string | null> {
  const [row] = await getDb().$queryRaw<{ version: string | null; marked: boolean | null }[]>`
    SELECT md5(string_agg(path || '@' || "builtAt"::text, ',' ORDER BY path)) AS version,
      bool_or(path = ${FEED_PATH}) AS marked
    FROM "StoredDocument" WHERE path = ${FEED_PATH} OR starts_with(path, ${FEED_PIECE_PREFIX})`;
  return row?.marked ? (row.version ?? '') : null;
}

async function assembleFeed(): Promise<StoredDocument> {
  const mark = await getDb().storedDocument.findUniqueOrThrow({ where: { path: FEED_PATH } });
  const pieces = await storedFeedPieces();
  const builtAt = new Date(Math.max(mark.builtAt.getTime(), ...pieces.map((stored) => stored.builtAt.getTime())));
  const body = wrapFeedItems(
    PLACEHOLDER_ORIGIN,
    pieces.map((stored) => stored.body),
  );
  return { path: FEED_PATH, contentType: mark.contentType, body, builtAt };
}

/** The stored pieces of the feed, in piece order. */
async function storedFeedPieces(): Promise<{ piece: number; body: string; builtAt: Date }[]> {
  const rows = await getDb().storedDocument.findMany({
    where: { path: { startsWith: FEED_PIECE_PREFIX } },
    select: { path: true, body: true, builtAt: true },
  });
  return rows
    .map((row) => ({ piece: feedPieceNumber(row.path) ?? -1, body: row.body, builtAt: row.builtAt }))
    .filter((row) => row.piece >= 0)
    .sort((a, b) => a.piece - b.piece);
}

/** Builds `family` from committed data and stores it, stamped with the time its reading began. */
async function buildAndStore(family: DocumentFamily): Promise<void> {
  const readFrom = await databaseClock();
  await storeDocumentFamily(family.root, await family.build(PLACEHOLDER_ORIGIN), readFrom);
}

async function databaseClock(): Promise<Date> {
  const [clock] = await getDb().$queryRaw<{ now: Date }[]>`SELECT clock_timestamp() AS now`;
  return clock?.now ?? new Date();
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
  const family = familyOf(root);
  if (!family) throw new Error(`${root} is not a stored document`);
  return inTransaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('stored-document:' || ${root}))`;
    const current = await tx.storedDocument.findUnique({ where: { path: root }, select: { builtAt: true } });
    if (current && current.builtAt >= readFrom) return false;
    const stale = (await tx.storedDocument.findMany({ where: family.stored, select: { path: true } }))
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
