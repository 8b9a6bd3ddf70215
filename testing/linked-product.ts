/**
 * A catalog product with its Stripe/Shopify links, as the sample-delivery tools read it straight
 * from the database (`npm run webhook:send`, the webhook e2e specs): one row shape, one query.
 */
export interface LinkedVariantRow {
  sku: string;
  title: string;
  price: number;
  compareAtPrice: number | null;
  stock: number;
  currency: string;
  stripePriceId: string | null;
  shopifyVariantId: string | null;
}

export interface LinkedProductRow {
  slug: string;
  title: string;
  description: string;
  stripeProductId: string | null;
  shopifyProductId: string | null;
  /** By position: the first is the one an untagged Stripe `default_price` prices. */
  variants: LinkedVariantRow[];
}

/** The columns of a LinkedProductRow, for a query over `"Product" p`. */
export const LINKED_PRODUCT_COLUMNS = `p.slug, p.title, p.description, p."stripeProductId", p."shopifyProductId",
  (SELECT json_agg(json_build_object('sku', v.sku, 'title', v.title, 'price', v.price,
      'compareAtPrice', v."compareAtPrice", 'stock', v.stock, 'currency', v.currency,
      'stripePriceId', v."stripePriceId", 'shopifyVariantId', v."shopifyVariantId") ORDER BY v.position, v.id)
    FROM "Variant" v WHERE v."productId" = p.id) AS variants`;
