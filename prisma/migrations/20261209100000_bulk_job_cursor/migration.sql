-- A bulk job's progress is a cursor on the job (the last whole product done), not a "done" mark
-- on each item: marking items left dead index entries that every next batch scanned past, so a
-- batch's cost grew with the job's progress (docs/benchmarks.md, "Bulk jobs").
ALTER TABLE "BulkPriceJob" ADD COLUMN "doneThroughProductId" INTEGER NOT NULL DEFAULT 0;

-- A job that was running keeps its progress: batches took whole products in product order.
UPDATE "BulkPriceJob" j SET "doneThroughProductId" = done.last
FROM (SELECT "jobId", max("productId") AS last FROM "BulkPriceJobItem" WHERE "doneAt" IS NOT NULL GROUP BY "jobId") done
WHERE done."jobId" = j.id;

DROP INDEX "BulkPriceJobItem_jobId_doneAt_productId_variantId_idx";
ALTER TABLE "BulkPriceJobItem" DROP COLUMN "doneAt";
CREATE INDEX "BulkPriceJobItem_jobId_productId_variantId_idx" ON "BulkPriceJobItem"("jobId", "productId", "variantId");
