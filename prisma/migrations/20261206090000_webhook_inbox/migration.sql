-- The webhook inbox: deliveries are recorded with their body and applied after the answer.
-- Rows from before it carry no body. APPLIED and IGNORED ones keep deduplicating redeliveries;
-- FAILED ones rolled back and changed nothing, and must not block the sender's redelivery (which
-- used to re-claim them), so they are removed: the redelivery is recorded afresh.
DELETE FROM "WebhookDelivery" WHERE "outcome" = 'FAILED';

-- CreateEnum
CREATE TYPE "WebhookStatus" AS ENUM ('PENDING', 'APPLIED', 'IGNORED', 'FAILED');

-- AlterTable
ALTER TABLE "WebhookDelivery"
ADD COLUMN     "orderedAt" TIMESTAMPTZ(3),
ADD COLUMN     "payload" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "status" "WebhookStatus" NOT NULL DEFAULT 'PENDING',
ADD COLUMN     "paths" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "attempts" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "lastError" TEXT,
ADD COLUMN     "nextAttemptAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "claimedUntil" TIMESTAMPTZ(3),
ADD COLUMN     "appliedAt" TIMESTAMPTZ(3);

UPDATE "WebhookDelivery"
SET "status" = "outcome"::text::"WebhookStatus", "orderedAt" = "receivedAt", "appliedAt" = "receivedAt";

ALTER TABLE "WebhookDelivery" ALTER COLUMN "orderedAt" SET NOT NULL;
ALTER TABLE "WebhookDelivery" ALTER COLUMN "payload" DROP DEFAULT;
ALTER TABLE "WebhookDelivery" DROP COLUMN "outcome";

-- DropEnum
DROP TYPE "WebhookOutcome";

-- CreateIndex
CREATE INDEX "WebhookDelivery_status_nextAttemptAt_idx" ON "WebhookDelivery"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "WebhookDelivery_provider_objectId_orderedAt_idx" ON "WebhookDelivery"("provider", "objectId", "orderedAt");
