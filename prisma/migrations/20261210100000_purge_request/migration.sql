-- An append-only log of purge requests: a change's transaction inserts here instead of upserting
-- the PagePurge rows other changes also need, and the rows are folded into PagePurge afterwards
-- in short transactions (docs/purge.md, "The request log").
CREATE TABLE "PurgeRequest" (
    "id" BIGSERIAL NOT NULL,
    "path" VARCHAR(300) NOT NULL,
    "isChange" BOOLEAN NOT NULL DEFAULT true,
    "requestedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PurgeRequest_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "PurgeRequest_path_idx" ON "PurgeRequest"("path");
