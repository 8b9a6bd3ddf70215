-- AlterTable
ALTER TABLE "PagePurge" ADD COLUMN     "changedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- Pages purged before this column existed: their last request is the best known change.
UPDATE "PagePurge" SET "changedAt" = "requestedAt";

-- CreateTable
CREATE TABLE "StoredDocument" (
    "path" VARCHAR(300) NOT NULL,
    "contentType" VARCHAR(100) NOT NULL,
    "body" TEXT NOT NULL,
    "builtAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "StoredDocument_pkey" PRIMARY KEY ("path")
);
