/**
 * The contract between a catalog writer and the change road (lib/changes): a writer gets a
 * scope, writes through its transaction, and tells the road the two things only it knows:
 * which products it is about to write (so the road locks them and their listings and takes the
 * "before" snapshot) and which of them it changed in a way shoppers see (so their pages purge).
 * The road does the rest: audit rows, outbox rows, regeneration after the commit.
 */
import type { Tx } from '../transaction';

/** Who made a change, as the audit log records it. */
export interface ChangeAuthor {
  source: 'ADMIN' | 'STRIPE' | 'SHOPIFY';
  actor: string;
  adminUserId?: number;
  eventId?: string;
  /** The bulk job a change is a batch of: its price rows name it, so the job is one audit entry. */
  bulkJobId?: number;
}

export interface LockOptions {
  /**
   * The write may move the products within, into or out of category listings (status or
   * categories change): other writers of those listings wait for this one. Otherwise they share
   * them (price, stock, title edits move nothing).
   */
  moving?: boolean;
  /** Categories the products are about to join; their listings are locked too. */
  joiningCategoryIds?: readonly number[];
}

export interface CatalogChangeScope {
  readonly tx: Tx;
  readonly author: ChangeAuthor;
  /**
   * Locks the products' rows (id order) and then their category listings, and snapshots them.
   * Call before writing a product. Locking one again in the same mode is free; a listing first
   * locked shared cannot become exclusive later (say `moving` on the first lock).
   */
  lockProducts(ids: readonly number[], options?: LockOptions): Promise<void>;
  /** A locked product changed in a way shoppers see: every page showing it is purged. */
  markChanged(productId: number): void;
}
