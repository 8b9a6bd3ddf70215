/**
 * The change road's side of a catalog change's transaction (see commit-catalog-change.ts): it
 * implements the scope writers get, and at the end turns what they locked and changed into
 * audit rows and the exact set of pages to purge.
 *
 * Exactness needs the listings held still. A product entering, leaving or moving in a listing
 * shifts every product after it; two such writers in one category, each blind to the other's
 * uncommitted rows, would each compute the shift as if alone and miss pages. So each listing has
 * an advisory lock: writers that move products take it exclusively, the others share it, and
 * both snapshots (before and after the write) are read while it is held.
 */
import type { CatalogChangeScope, ChangeAuthor, LockOptions } from '../catalog/change-scope';
import { getPlacementsOfUnmoved, getProductPlacements, type ProductPlacement } from '../catalog/placements';
import {
  insertPriceChanges,
  insertStockChanges,
  priceDifferences,
  readVariantPrices,
  stockDifferences,
  type VariantPrice,
} from '../catalog/price-audit';
import { stockStateOf } from '../catalog/stock-state';
import type { CatalogChange } from '../revalidation/paths-for-change';
import type { Tx } from '../transaction';

/** First key of the listing locks (pg_advisory_xact_lock(int, int)); the second is the category id. */
const LISTING_LOCK_CLASS = 7301;

export class ChangeRecorder implements CatalogChangeScope {
  private readonly before = new Map<number, ProductPlacement | null>();
  private readonly pricesBefore = new Map<number, VariantPrice>();
  private readonly changed = new Set<number>();
  private readonly extraChanges: CatalogChange[] = [];
  private readonly extraPaths = new Set<string>();
  private readonly listingLocks = new Map<number, 'shared' | 'exclusive'>();
  /** Variants whose price or currency the change moved (open checkouts at the old one are cancelled). */
  readonly repriced = new Set<number>();
  /** The mode each locked product's listings were locked in. */
  private readonly productLocks = new Map<number, 'shared' | 'exclusive'>();

  constructor(
    readonly tx: Tx,
    readonly author: ChangeAuthor,
  ) {}

  async lockProducts(ids: readonly number[], options: LockOptions = {}): Promise<void> {
    const sorted = [...new Set(ids)].sort((a, b) => a - b);
    const mode = options.moving ? 'exclusive' : 'shared';
    // Locked already, in this mode or a stronger one: nothing to wait for or read again.
    const held = sorted.every((id) => this.productLocks.get(id) === 'exclusive' || this.productLocks.get(id) === mode);
    if (held && !options.joiningCategoryIds?.length) return;
    // Row locks in id order, the order every writer takes, so writers queue instead of deadlocking.
    await this.tx.$queryRaw`SELECT id FROM "Product" WHERE id = ANY(${sorted}::int[]) ORDER BY id FOR UPDATE`;
    const memberships = await this.tx.productCategory.findMany({
      where: { productId: { in: sorted } },
      select: { categoryId: true },
    });
    const categoryIds = [...memberships.map((m) => m.categoryId), ...(options.joiningCategoryIds ?? [])];
    await this.lockListings(categoryIds, mode);
    for (const id of sorted) if (this.productLocks.get(id) !== 'exclusive') this.productLocks.set(id, mode);
    const fresh = sorted.filter((id) => !this.before.has(id));
    const placements = await getProductPlacements(this.tx, fresh);
    for (const id of fresh) this.before.set(id, placements.get(id) ?? null);
    for (const variant of await readVariantPrices(this.tx, fresh)) this.pricesBefore.set(variant.id, variant);
  }

  async lockListing(categoryId: number): Promise<void> {
    await this.lockListings([categoryId], 'exclusive');
  }

  markChanged(productId: number): void {
    if (!this.before.has(productId)) throw new Error(`product ${productId} changed without being locked first`);
    this.changed.add(productId);
  }

  /** A change known without a "before" (an operator's purge of a product as it is now, a listing cut again). */
  addChange(change: CatalogChange): void {
    this.extraChanges.push(change);
  }

  /** Pages an operator names outright (already checked to be storefront paths). */
  addPaths(paths: readonly string[]): void {
    for (const path of paths) this.extraPaths.add(path);
  }

  /** Named pages, queued as they are. */
  get namedPaths(): readonly string[] {
    return [...this.extraPaths];
  }

  /**
   * Called once the writer is done, still in its transaction: writes the audit rows and returns
   * the changes shoppers will see, from snapshots taken under the same locks. A product marked
   * changed purges everything showing it; one whose variants' stock alone changed is a stock
   * change, which purges only what shows a different stock state (paths-for-change.ts).
   */
  async finish(): Promise<CatalogChange[]> {
    const locked = [...this.before.keys()];
    const after = await readVariantPrices(this.tx, locked);
    const priceRows = priceDifferences(this.pricesBefore, after);
    for (const variant of after) {
      const was = this.pricesBefore.get(variant.id);
      if (was && (was.price !== variant.price || was.currency !== variant.currency)) this.repriced.add(variant.id);
    }
    await insertPriceChanges(this.tx, priceRows, this.author);
    const stockRows = stockDifferences(this.pricesBefore, after);
    await insertStockChanges(this.tx, stockRows, this.author);
    const changes: CatalogChange[] = [...this.extraChanges];
    const changedIds = [...this.changed].sort((a, b) => a - b);
    const placementsAfter = await this.placementsAfter(changedIds);
    for (const id of changedIds) {
      changes.push({ kind: 'product', before: this.before.get(id) ?? null, after: placementsAfter.get(id) ?? null });
    }
    const stockOnly = new Set(stockRows.map((row) => row.productId).filter((id) => !this.changed.has(id)));
    for (const id of [...stockOnly].sort((a, b) => a - b)) {
      const placement = this.before.get(id);
      if (!placement) continue; // created in this change: nothing showed it before
      const variants = after
        .filter((variant) => variant.productId === id && this.pricesBefore.has(variant.id))
        .map((variant) => ({
          variantId: variant.id,
          before: stockStateOf(this.pricesBefore.get(variant.id)?.stock ?? 0),
          after: stockStateOf(variant.stock),
        }));
      changes.push({ kind: 'stock', placement, variants });
    }
    return changes;
  }

  /**
   * The products' placements now. A product locked shared was written by a change that moves
   * nothing, and its listings were locked against every change that does: its listings are the
   * ones read before (a bulk job's batch then scans its listings once, not twice).
   */
  private async placementsAfter(ids: readonly number[]): Promise<Map<number, ProductPlacement>> {
    const unmoved = new Map<number, ProductPlacement>();
    const others: number[] = [];
    for (const id of ids) {
      const before = this.before.get(id);
      if (before && this.productLocks.get(id) === 'shared') unmoved.set(id, before);
      else others.push(id);
    }
    const kept = await getPlacementsOfUnmoved(this.tx, unmoved);
    return new Map([...kept, ...(await getProductPlacements(this.tx, others))]);
  }

  /**
   * In category order, and each listing in its final mode at once: a shared lock upgraded later,
   * or a lower category locked after a higher one, could deadlock with another writer doing the
   * same in reverse. Both are a writer's mistake, so they throw instead of waiting.
   */
  private async lockListings(categoryIds: readonly number[], mode: 'shared' | 'exclusive'): Promise<void> {
    const wanted = [...new Set(categoryIds)].sort((a, b) => a - b);
    const highestHeld = Math.max(-Infinity, ...this.listingLocks.keys());
    for (const id of wanted) {
      const held = this.listingLocks.get(id);
      if (held === 'exclusive' || held === mode) continue;
      if (held === 'shared') {
        throw new Error(
          `the listing of category ${id} is locked shared; a writer that moves products must say so first`,
        );
      }
      if (id < highestHeld) {
        throw new Error(`the listing of category ${id} is locked after a later one; lock a change's products together`);
      }
      if (mode === 'exclusive')
        await this.tx.$executeRaw`SELECT pg_advisory_xact_lock(${LISTING_LOCK_CLASS}::int, ${id}::int)`;
      else await this.tx.$executeRaw`SELECT pg_advisory_xact_lock_shared(${LISTING_LOCK_CLASS}::int, ${id}::int)`;
      this.listingLocks.set(id, mode);
    }
  }
}
