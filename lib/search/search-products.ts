/**
 * Product search for /search: PostgreSQL full-text search over the title (weighted first) and the
 * description, with English stemming ("coats" finds "coat"), plus SKU prefixes; ranked, paginated,
 * and read from the database on every request, so the prices it shows are the database's.
 */
import { productCardsInOrder } from '../catalog/card-query';
import type { ProductCard } from '../catalog/types';
import { getDb } from '../db';

export const SEARCH_PAGE_SIZE = 24;
/** Longer queries are cut here: nobody types more, and the text search stays cheap. */
export const MAX_QUERY_LENGTH = 100;

export interface SearchResults {
  query: string;
  page: number;
  total: number;
  pageCount: number;
  products: ProductCard[];
}

/** The query as searched: trimmed, spaces collapsed, cut to MAX_QUERY_LENGTH. */
export function normalizeQuery(raw: unknown): string {
  const text = typeof raw === 'string' ? raw : Array.isArray(raw) && typeof raw[0] === 'string' ? raw[0] : '';
  // Control characters (a NUL PostgreSQL refuses in text) are no part of a search.
  return text
    .replace(/[\u0000-\u001f\u007f]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, MAX_QUERY_LENGTH);
}

export async function searchProducts(query: string, page: number): Promise<SearchResults> {
  if (query === '') return { query, page: 1, total: 0, pageCount: 0, products: [] };
  const db = getDb();
  // A SKU typed as printed (TEE-0001-M) or its start; LIKE's wildcards in the query are literal.
  const skuPrefix = `${query.toUpperCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const rows = await db.$queryRaw<{ id: number; total: number }[]>`
    WITH q AS (SELECT websearch_to_tsquery('english', ${query}) AS query),
    matches AS (
      SELECT p.id,
        ts_rank(setweight(to_tsvector('english', p.title), 'A') || setweight(to_tsvector('english', p.description), 'B'), q.query)
          + CASE WHEN EXISTS (SELECT 1 FROM "Variant" v WHERE v."productId" = p.id AND upper(v.sku) LIKE ${skuPrefix})
              THEN 1 ELSE 0 END AS rank
      FROM "Product" p, q
      WHERE p.status = 'ACTIVE' AND (
        (setweight(to_tsvector('english', p.title), 'A') || setweight(to_tsvector('english', p.description), 'B')) @@ q.query
        OR EXISTS (SELECT 1 FROM "Variant" v WHERE v."productId" = p.id AND upper(v.sku) LIKE ${skuPrefix}))
    )
    SELECT id, (count(*) OVER ())::int AS total FROM matches
    ORDER BY rank DESC, id
    LIMIT ${SEARCH_PAGE_SIZE} OFFSET ${(page - 1) * SEARCH_PAGE_SIZE}`;
  const total = rows[0]?.total ?? (page > 1 ? await countMatches(query, skuPrefix) : 0);
  return {
    query,
    page,
    total,
    pageCount: Math.ceil(total / SEARCH_PAGE_SIZE),
    products: await productCardsInOrder(rows.map((row) => row.id)),
  };
}

/** A page past the end has no rows to carry the total: count alone. */
async function countMatches(query: string, skuPrefix: string): Promise<number> {
  const [row] = await getDb().$queryRaw<{ total: number }[]>`
    SELECT count(*)::int AS total FROM "Product" p, websearch_to_tsquery('english', ${query}) q
    WHERE p.status = 'ACTIVE' AND (
      (setweight(to_tsvector('english', p.title), 'A') || setweight(to_tsvector('english', p.description), 'B')) @@ q
      OR EXISTS (SELECT 1 FROM "Variant" v WHERE v."productId" = p.id AND upper(v.sku) LIKE ${skuPrefix}))`;
  return row?.total ?? 0;
}
