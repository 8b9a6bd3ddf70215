-- AlterTable
ALTER TABLE "PagePurge" ADD COLUMN "regeneratedGeneration" INTEGER;

-- CreateTable
CREATE TABLE "EdgePurge" (
    "path" VARCHAR(300) NOT NULL,
    "target" VARCHAR(40) NOT NULL,
    "purgedGeneration" INTEGER NOT NULL DEFAULT 0,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "nextAttemptAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "purgedAt" TIMESTAMPTZ(3),

    CONSTRAINT "EdgePurge_pkey" PRIMARY KEY ("path","target")
);

-- AddForeignKey
ALTER TABLE "EdgePurge" ADD CONSTRAINT "EdgePurge_path_fkey" FOREIGN KEY ("path") REFERENCES "PagePurge"("path") ON DELETE CASCADE ON UPDATE CASCADE;
