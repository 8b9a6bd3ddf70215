-- CreateEnum
CREATE TYPE "BulkJobStatus" AS ENUM ('RUNNING', 'DONE', 'CANCELLED', 'FAILED');

-- AlterTable
ALTER TABLE "PriceChange" ADD COLUMN     "bulkJobId" INTEGER;

-- CreateTable
CREATE TABLE "BulkPriceJob" (
    "id" SERIAL NOT NULL,
    "status" "BulkJobStatus" NOT NULL DEFAULT 'RUNNING',
    "target" JSONB NOT NULL,
    "adjustment" JSONB NOT NULL,
    "actor" VARCHAR(254) NOT NULL,
    "adminUserId" INTEGER,
    "batchSize" INTEGER NOT NULL,
    "totalVariants" INTEGER NOT NULL,
    "batchesDone" INTEGER NOT NULL DEFAULT 0,
    "variantsDone" INTEGER NOT NULL DEFAULT 0,
    "variantsChanged" INTEGER NOT NULL DEFAULT 0,
    "variantsSkipped" INTEGER NOT NULL DEFAULT 0,
    "cancelRequested" BOOLEAN NOT NULL DEFAULT false,
    "leaseOwner" VARCHAR(100),
    "leaseExpiresAt" TIMESTAMPTZ(3),
    "error" VARCHAR(1000),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    "finishedAt" TIMESTAMPTZ(3),

    CONSTRAINT "BulkPriceJob_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BulkPriceJobItem" (
    "jobId" INTEGER NOT NULL,
    "variantId" INTEGER NOT NULL,
    "productId" INTEGER NOT NULL,
    "expectedVersion" INTEGER NOT NULL,
    "doneAt" TIMESTAMPTZ(3),

    CONSTRAINT "BulkPriceJobItem_pkey" PRIMARY KEY ("jobId","variantId")
);

-- CreateIndex
CREATE INDEX "PriceChange_bulkJobId_idx" ON "PriceChange"("bulkJobId");

-- CreateIndex
CREATE INDEX "BulkPriceJob_status_leaseExpiresAt_idx" ON "BulkPriceJob"("status", "leaseExpiresAt");

-- CreateIndex
CREATE INDEX "BulkPriceJobItem_jobId_doneAt_productId_variantId_idx" ON "BulkPriceJobItem"("jobId", "doneAt", "productId", "variantId");

-- AddForeignKey
ALTER TABLE "PriceChange" ADD CONSTRAINT "PriceChange_bulkJobId_fkey" FOREIGN KEY ("bulkJobId") REFERENCES "BulkPriceJob"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BulkPriceJob" ADD CONSTRAINT "BulkPriceJob_adminUserId_fkey" FOREIGN KEY ("adminUserId") REFERENCES "AdminUser"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BulkPriceJobItem" ADD CONSTRAINT "BulkPriceJobItem_jobId_fkey" FOREIGN KEY ("jobId") REFERENCES "BulkPriceJob"("id") ON DELETE CASCADE ON UPDATE CASCADE;
