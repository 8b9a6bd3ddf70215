-- AlterEnum
ALTER TYPE "WebhookOutcome" ADD VALUE 'FAILED';

-- CreateEnum
CREATE TYPE "PurgeStatus" AS ENUM ('PENDING', 'DONE');

-- CreateTable
CREATE TABLE "PagePurge" (
    "path" VARCHAR(300) NOT NULL,
    "status" "PurgeStatus" NOT NULL DEFAULT 'PENDING',
    "generation" INTEGER NOT NULL DEFAULT 1,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "requestedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "nextAttemptAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "claimedUntil" TIMESTAMPTZ(3),
    "doneAt" TIMESTAMPTZ(3),

    CONSTRAINT "PagePurge_pkey" PRIMARY KEY ("path")
);

-- CreateIndex
CREATE INDEX "PagePurge_status_nextAttemptAt_idx" ON "PagePurge"("status", "nextAttemptAt");
