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
 * Both are stored in pieces (lib/storefront/paths.ts): the feed by pieces of product ids, the
 * sitemap by home, category and piece of product ids. A change rebuilds the pieces it touches,
 * whatever the catalog's size, and the document is put together from its pieces when it is
 * served. A row of its own (`<document>/built-<size>`) marks that every piece has been built once
 * (docs/surfaces.md).
 */
import { getDb } from '../db';
import type { Prisma } from '../generated/prisma/client';
import { inTransaction } from '../transaction';
import {
  FEED_BUILT_PATH,
  FEED_PATH,
  FEED_PIECE_PREFIX,
  FEED_PIECE_PRODUCTS,
  feedPieceNumber,
  isSitemapFilePath,
  pieceIds,
  SITEMAP_PIECE_PRODUCTS,
  feedPiecePath,
  SITEMAP_BUILT_PATH,
  SITEMAP_PATH,
  SITEMAP_PIECE_PREFIX,
  type SitemapPiece,
  sitemapPieceOf,
  sitemapPiecePath,
} from '../storefront/paths';
import { buildGoogleFeedItems, wrapFeedItems } from './google-feed';
import { renderUrlLines, sitemapFiles, sitemapPieceEntries } from './sitemap';

/** Reserved for documentation (RFC 2606): no catalog link can name it by accident. */
const PLACEHOLDER_ORIGIN = 'http://shop-origin.invalid';

const XML = 'application/xml; charset=utf-8';

/** What one store writes: a piece, or a document's mark (with the files it no longer has). */
interface DocumentFamily {
  /** The path the purge queues for it. */
  root: string;
  has(path: string): boolean;
  /** Where its stored files are (a superset of `has`): a store reads only these. */
  stored: Prisma.StoredDocumentWhereInput;
  build(origin: string): Promise<Map<string, string>>;
}

function pieceFamily(root: string, build: (origin: string) => Promise<string>): DocumentFamily {
  return {
    root,
    has: (path) => path === root,
    stored: { path: root },
    build: async (origin) => new Map([[root, await build(origin)]]),
  };
}

/** A document served as put together from its stored pieces. */
interface PiecedDocument {
  /** Its own path: the purge queues it to rebuild every piece. */
  path: string;
  piecePrefix: string;
  /** The pieces the catalog has now, in the order they are put together. */
  piecesNow(): Promise<string[]>;
  pieceFamily(path: string): DocumentFamily | undefined;
  /** Where to put a stored piece among the others: by the first number, then the second. */
  order(path: string): [number, number];
  /** The served files, by path, from the pieces' bodies in order. */
  assemble(bodies: readonly string[]): Map<string, string>;
  /**
   * The mark that every piece was built once, at a path of its own (an instance of an earlier
   * release reading the document's path finds no row, not an empty one). Its family also holds
   * what an earlier release stored whole there, deleted by the first rebuild.
   */
  mark: DocumentFamily;
}

/**
 * The mark's family also holds what other releases stored: the document stored whole, its files,
 * pieces of another size and their marks. The mark's store deletes them, so a whole rebuild
 * leaves only this release's pieces.
 */
function markFamily(
  document: string,
  root: string,
  piecePrefix: string,
  legacy: { has: (path: string) => boolean; stored: Prisma.StoredDocumentWhereInput } | undefined,
): DocumentFamily {
  const otherRelease = (path: string) =>
    path === document ||
    isOtherReleasePiece({ path: document, piecePrefix }, path) ||
    (path.startsWith(`${document}/built`) && path !== root) ||
    (legacy?.has(path) ?? false);
  return {
    root,
    has: (path) => path === root || otherRelease(path),
    stored: {
      OR: [
        { path: document },
        { path: { startsWith: `${document}/pieces` } },
        { path: { startsWith: `${document}/built` } },
        ...(legacy ? [legacy.stored] : []),
      ],
    },
    build: () => Promise.resolve(new Map([[root, '']])),
  };
}

/** A piece path of another release's size (an outbox row it queued): its products are unknown here. */
function isOtherReleasePiece(document: Pick<PiecedDocument, 'path' | 'piecePrefix'>, path: string): boolean {
  return path.startsWith(`${document.path}/pieces`) && !path.startsWith(document.piecePrefix);
}

const FEED: PiecedDocument = {
  path: FEED_PATH,
  piecePrefix: FEED_PIECE_PREFIX,
  piecesNow: async () => (await productPiecesNow(FEED_PIECE_PRODUCTS)).map(feedPiecePath),
  pieceFamily: (path) => {
    const piece = feedPieceNumber(path);
    if (piece === null) return undefined;
    return pieceFamily(path, (origin) => buildGoogleFeedItems(origin, pieceIds(piece, FEED_PIECE_PRODUCTS)));
  },
  order: (path) => [0, feedPieceNumber(path) ?? -1],
  assemble: (bodies) => new Map([[FEED_PATH, wrapFeedItems(PLACEHOLDER_ORIGIN, bodies)]]),
  mark: markFamily(FEED_PATH, FEED_BUILT_PATH, FEED_PIECE_PREFIX, undefined),
};

const SITEMAP: PiecedDocument = {
  path: SITEMAP_PATH,
  piecePrefix: SITEMAP_PIECE_PREFIX,
  piecesNow: async () => {
    const categories = await getDb().category.findMany({ select: { id: true }, orderBy: { id: 'asc' } });
    const pieces: SitemapPiece[] = [
      { kind: 'home' },
      ...categories.map((c) => ({ kind: 'category' as const, categoryId: c.id })),
      ...(await productPiecesNow(SITEMAP_PIECE_PRODUCTS)).map((piece) => ({ kind: 'products' as const, piece })),
    ];
    return pieces.map(sitemapPiecePath);
  },
  pieceFamily: (path) => {
    const piece = sitemapPieceOf(path);
    if (piece === null) return undefined;
    return pieceFamily(path, async (origin) => renderUrlLines(origin, await sitemapPieceEntries(piece)));
  },
  // Home, then the listings, then the product pages, as crawlers expect to meet them.
  order: (path) => {
    const piece = sitemapPieceOf(path);
    if (piece?.kind === 'home') return [0, 0];
    if (piece?.kind === 'category') return [1, piece.categoryId];
    return [2, piece?.piece ?? -1];
  },
  assemble: (bodies) =>
    sitemapFiles(
      PLACEHOLDER_ORIGIN,
      bodies.flatMap((body) => (body === '' ? [] : body.split('\n'))),
    ),
  // Past 50,000 pages an earlier release also stored /sitemaps/<n>.xml.
  mark: markFamily(SITEMAP_PATH, SITEMAP_BUILT_PATH, SITEMAP_PIECE_PREFIX, {
    has: isSitemapFilePath,
    stored: { path: { startsWith: '/sitemaps/' } },
  }),
};

const PIECED_DOCUMENTS = [FEED, SITEMAP];

/** The pieces of `size` product ids that hold a product. */
async function productPiecesNow(size: number): Promise<number[]> {
  const rows = await getDb().$queryRaw<{ piece: number }[]>`
    SELECT DISTINCT (id / ${size})::int AS piece FROM "Product" ORDER BY 1`;
  return rows.map((row) => row.piece);
}

function familyOf(root: string): DocumentFamily | undefined {
  for (const document of PIECED_DOCUMENTS) {
    if (root === document.mark.root) return document.mark;
    const piece = document.pieceFamily(root);
    if (piece) return piece;
  }
  return undefined;
}

export interface StoredDocument {
  path: string;
  contentType: string;
  body: string;
  builtAt: Date;
}

/**
 * Rebuilds the piece `path` names and stores it, or at a document's own path every piece. The
 * outbox's claim makes this the only rebuild of the piece in flight, and its generation repeats
 * it if a change commits meanwhile.
 */
export async function rebuildStoredDocument(path: string): Promise<void> {
  const whole = PIECED_DOCUMENTS.find((document) => document.path === path);
  if (whole) return rebuildWhole(whole);
  // A piece another release queued (a rolling deploy) names products by its own size: the whole
  // document is rebuilt, one rebuild for all such pieces claimed while one runs.
  const other = PIECED_DOCUMENTS.find((document) => isOtherReleasePiece(document, path));
  if (other) return rebuildWholeAfterNow(other);
  const family = PIECED_DOCUMENTS.map((document) => document.pieceFamily(path)).find(Boolean);
  if (!family) throw new Error(`${path} is not a stored document`);
  await buildAndStore(family);
}

/**
 * Every piece the catalog has, one at a time (a piece's rows in memory, not the catalog's), then
 * the mark. A stored piece the catalog no longer has (its products or category gone) is deleted,
 * unless a change rebuilt it since this rebuild began reading.
 */
async function rebuildWhole(document: PiecedDocument): Promise<void> {
  const readFrom = await databaseClock();
  const now = await document.piecesNow();
  for (const path of now) {
    const family = document.pieceFamily(path);
    if (family) await buildAndStore(family);
  }
  const current = new Set(now);
  const gone = (await storedPieces(document, { bodies: false })).filter((piece) => !current.has(piece.path));
  await getDb().storedDocument.deleteMany({
    where: { path: { in: gone.map((piece) => piece.path) }, builtAt: { lt: readFrom } },
  });
  await storeDocumentFamily(document.mark.root, await document.mark.build(PLACEHOLDER_ORIGIN), readFrom);
}

// On globalThis, like the memo below.
const wholeRebuilds = ((globalThis as unknown as { wholeRebuilds?: Record<string, WholeRebuilds> }).wholeRebuilds ??=
  {});

interface WholeRebuilds {
  running?: Promise<void>;
  next?: Promise<void>;
}

/**
 * A whole rebuild that begins reading after this call: the one running began earlier and may have
 * missed the caller's change, so callers while it runs share the one that follows it.
 */
function rebuildWholeAfterNow(document: PiecedDocument): Promise<void> {
  const state = (wholeRebuilds[document.path] ??= {});
  if (!state.running) {
    const running = rebuildWhole(document).finally(() => (state.running = undefined));
    state.running = running;
    return running;
  }
  state.next ??= state.running
    .catch(() => undefined)
    .then(() => {
      state.next = undefined;
      return rebuildWholeAfterNow(document);
    });
  return state.next;
}

/**
 * The stored document at `path` (the feed, /sitemap.xml or one of its files), with its links
 * naming `origin`; null when there is none. A piece is never served on its own.
 *
 * Put together from the pieces. A process keeps what it last put together, with the placeholder
 * origin, as long as no piece changed (`piecesVersion`): requests in a row cost one small query,
 * and requests at once share one assembly, however many arrive. The first request after the
 * table is created (a new shop, a restored database, an earlier release's whole documents) builds
 * every piece, once; a file the document does not have (a sitemap file past the last) is null, so
 * no request can make the server read the catalog for nothing.
 */
export async function readStoredDocument(path: string, origin: string): Promise<StoredDocument | null> {
  const document = path === FEED_PATH ? FEED : path === SITEMAP_PATH || isSitemapFilePath(path) ? SITEMAP : undefined;
  if (!document) return null;
  const memo = (assembledMemo[document.path] ??= {});
  let version = await piecesVersion(document);
  if (version === null) {
    if (path !== document.path) return null; // only its own path builds a document never built
    // One whole rebuild per process: the one running, or one that begins now.
    await (wholeRebuilds[document.path]?.running ?? rebuildWholeAfterNow(document));
    version = (await piecesVersion(document)) ?? '';
  }
  if (memo.assembled?.version !== version) {
    const assembling = assemble(document);
    memo.assembled = { version, files: assembling };
    assembling.catch(() => {
      if (memo.assembled?.files === assembling) memo.assembled = undefined;
    });
  }
  const file = (await memo.assembled.files).get(path);
  return file ? { ...file, body: withOrigin(file.body, origin) } : null;
}

// On globalThis: each page's bundle has its own copy of this module, one memo serves all.
const assembledMemo = ((
  globalThis as unknown as { assembledDocuments?: Record<string, AssembledMemo> }
).assembledDocuments ??= {});

interface AssembledMemo {
  assembled?: { version: string; files: Promise<Map<string, StoredDocument>> };
}

/** Names the stored pieces and their build times; null while the document was never built whole. */
async function piecesVersion(document: PiecedDocument): Promise<string | null> {
  const [row] = await getDb().$queryRaw<{ version: string | null; marked: boolean | null }[]>`
    SELECT md5(string_agg(path || '@' || "builtAt"::text, ',' ORDER BY path)) AS version,
      bool_or(path = ${document.mark.root}) AS marked
    FROM "StoredDocument" WHERE path = ${document.mark.root} OR starts_with(path, ${document.piecePrefix})`;
  return row?.marked ? (row.version ?? '') : null;
}

async function assemble(document: PiecedDocument): Promise<Map<string, StoredDocument>> {
  const mark = await getDb().storedDocument.findUniqueOrThrow({ where: { path: document.mark.root } });
  const pieces = await storedPieces(document, { bodies: true });
  const builtAt = new Date(Math.max(mark.builtAt.getTime(), ...pieces.map((stored) => stored.builtAt.getTime())));
  const files = document.assemble(pieces.map((stored) => stored.body));
  return new Map([...files].map(([path, body]) => [path, { path, contentType: mark.contentType, body, builtAt }]));
}

/** The stored pieces of `document`, in the order they are put together. */
async function storedPieces(
  document: PiecedDocument,
  { bodies }: { bodies: boolean },
): Promise<{ path: string; body: string; builtAt: Date }[]> {
  const rows = await getDb().storedDocument.findMany({
    where: { path: { startsWith: document.piecePrefix } },
    select: { path: true, body: bodies, builtAt: true },
  });
  return rows
    .filter((row) => document.pieceFamily(row.path) !== undefined)
    .map((row) => ({ path: row.path, body: row.body ?? '', builtAt: row.builtAt, order: document.order(row.path) }))
    .sort((a, b) => a.order[0] - b.order[0] || a.order[1] - b.order[1]);
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
