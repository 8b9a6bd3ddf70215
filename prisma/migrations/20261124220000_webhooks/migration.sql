-- CreateEnum
CREATE TYPE "WebhookProvider" AS ENUM ('STRIPE', 'SHOPIFY');

-- CreateEnum
CREATE TYPE "WebhookOutcome" AS ENUM ('APPLIED', 'IGNORED');

-- AlterTable
ALTER TABLE "Product" ADD COLUMN     "shopifyDeletedAt" TIMESTAMPTZ(3),
ADD COLUMN     "shopifyUpdatedAt" TIMESTAMPTZ(3),
ADD COLUMN     "stripeDefaultPriceId" VARCHAR(255),
ADD COLUMN     "stripeEventAt" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "WebhookDelivery" (
    "id" SERIAL NOT NULL,
    "provider" "WebhookProvider" NOT NULL,
    "deliveryId" VARCHAR(255) NOT NULL,
    "eventId" VARCHAR(255),
    "topic" VARCHAR(100) NOT NULL,
    "objectId" VARCHAR(255) NOT NULL,
    "outcome" "WebhookOutcome" NOT NULL,
    "detail" TEXT NOT NULL DEFAULT '',
    "receivedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "WebhookDelivery_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StripePrice" (
    "id" VARCHAR(255) NOT NULL,
    "stripeProductId" VARCHAR(255) NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "unitAmount" INTEGER,
    "recurring" BOOLEAN NOT NULL,
    "active" BOOLEAN NOT NULL,
    "lookupKey" VARCHAR(255),
    "sku" VARCHAR(64),
    "stripeCreatedAt" TIMESTAMPTZ(3) NOT NULL,
    "deleted" BOOLEAN NOT NULL DEFAULT false,
    "eventAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "StripePrice_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "WebhookDelivery_receivedAt_idx" ON "WebhookDelivery"("receivedAt");

-- CreateIndex
CREATE UNIQUE INDEX "WebhookDelivery_provider_deliveryId_key" ON "WebhookDelivery"("provider", "deliveryId");

-- CreateIndex
CREATE INDEX "StripePrice_stripeProductId_idx" ON "StripePrice"("stripeProductId");
