-- A claim takes the due rows oldest request first (lib/revalidation/outbox.ts `claimDue`). With
-- this index it can walk the pending rows in that order and stop after its batch, where
-- (status, nextAttemptAt) alone made it sort every pending row first: 45 ms a claim with 50,000
-- pending. That index stays for the due checks (`hasDuePurges`), which it answers by a range
-- even when thousands of pending rows are waiting out a backoff.
CREATE INDEX "PagePurge_status_requestedAt_path_idx" ON "PagePurge"("status", "requestedAt", "path");
