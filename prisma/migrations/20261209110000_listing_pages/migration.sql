-- Listing pages as position buckets (docs/purge.md, "Listing pages"): page n of a category shows
-- its active products whose (position, productId) lies in [first key of n, first key of n + 1).

-- CreateTable
CREATE TABLE "ListingPage" (
    "categoryId" INTEGER NOT NULL,
    "number" INTEGER NOT NULL,
    "firstPosition" INTEGER NOT NULL,
    "firstProductId" INTEGER NOT NULL,

    CONSTRAINT "ListingPage_pkey" PRIMARY KEY ("categoryId","number")
);

-- CreateTable
CREATE TABLE "ListingRebalance" (
    "categoryId" INTEGER NOT NULL,
    "requestedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ListingRebalance_pkey" PRIMARY KEY ("categoryId")
);

-- CreateIndex
CREATE UNIQUE INDEX "ListingPage_categoryId_firstPosition_firstProductId_key" ON "ListingPage"("categoryId", "firstPosition", "firstProductId");

-- AddForeignKey
ALTER TABLE "ListingPage" ADD CONSTRAINT "ListingPage_categoryId_fkey" FOREIGN KEY ("categoryId") REFERENCES "Category"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ListingRebalance" ADD CONSTRAINT "ListingRebalance_categoryId_fkey" FOREIGN KEY ("categoryId") REFERENCES "Category"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The page a (position, productId) falls in: the last page whose first key is at or before it,
-- found by one descent of the unique index above. A category without rows is one page.
CREATE FUNCTION listing_page_of(category_id INTEGER, pos INTEGER, product_id INTEGER) RETURNS INTEGER
LANGUAGE sql STABLE AS $$
  SELECT coalesce((
    SELECT lp."number" FROM "ListingPage" lp
    WHERE lp."categoryId" = category_id AND (lp."firstPosition", lp."firstProductId") <= (pos, product_id)
    ORDER BY lp."firstPosition" DESC, lp."firstProductId" DESC LIMIT 1), 1)
$$;

-- Backfill from the current order with the default page size (24), the same split as the OFFSET
-- pages it replaces: every 24th active product opens a page; page 1's key is the lowest there is.
-- A shop with another CATEGORY_PAGE_SIZE gets its own cut from the worker: see the last statement.
INSERT INTO "ListingPage" ("categoryId", "number", "firstPosition", "firstProductId")
SELECT c.id, coalesce(l."number", 1),
  CASE WHEN coalesce(l."number", 1) = 1 THEN -2147483648 ELSE l.position END,
  CASE WHEN coalesce(l."number", 1) = 1 THEN -2147483648 ELSE l."productId" END
FROM "Category" c
LEFT JOIN (
  SELECT pc."categoryId", pc.position, pc."productId",
    ((row_number() OVER (PARTITION BY pc."categoryId" ORDER BY pc.position, pc."productId") - 1) / 24 + 1)::int AS "number",
    (row_number() OVER (PARTITION BY pc."categoryId" ORDER BY pc.position, pc."productId") - 1) % 24 AS k
  FROM "ProductCategory" pc JOIN "Product" p ON p.id = pc."productId" AND p.status = 'ACTIVE'
) l ON l."categoryId" = c.id AND l.k = 0;

-- Every listing is re-cut by the worker at the shop's own CATEGORY_PAGE_SIZE, and every page whose
-- products differ is purged: none where the size is 24; all of them where cached OFFSET pages of
-- another size would otherwise sit beside new pages cut at 24 (products shown twice or not at all).
INSERT INTO "ListingRebalance" ("categoryId") SELECT id FROM "Category";
