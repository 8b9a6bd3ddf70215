-- The generation of a page's latest change, apart from re-queues by the render guard: its look
-- after a render compares with this, so re-queues no longer feed one another (docs/purge.md).
ALTER TABLE "PagePurge" ADD COLUMN "changeGeneration" INTEGER NOT NULL DEFAULT 1;

-- Existing rows: every generation so far counts as a change (at worst one more render each).
UPDATE "PagePurge" SET "changeGeneration" = generation;
