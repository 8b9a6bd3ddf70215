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
  /** One value per option of the product, in the options' order. */
  optionValues: string[];
}

export interface LinkedOptionRow {
  name: string;
  values: string[];
}

export interface LinkedProductRow {
  slug: string;
  title: string;
  description: string;
  stripeProductId: string | null;
  shopifyProductId: string | null;
  /** By position: the first is the one an untagged Stripe `default_price` prices. */
  variants: LinkedVariantRow[];
  /** In the picker's order; empty for a product without options. */
  options: LinkedOptionRow[];
}

/** The columns of a LinkedProductRow, for a query over `"Product" p`. */
export const LINKED_PRODUCT_COLUMNS = `p.slug, p.title, p.description, p."stripeProductId", p."shopifyProductId",
  (SELECT json_agg(json_build_object('sku', v.sku, 'title', v.title, 'price', v.price,
      'compareAtPrice', v."compareAtPrice", 'stock', v.stock, 'currency', v.currency,
      'stripePriceId', v."stripePriceId", 'shopifyVariantId', v."shopifyVariantId",
      'optionValues', (SELECT coalesce(json_agg(ov.value ORDER BY o.position), '[]'::json)
        FROM "VariantOptionValue" vov JOIN "ProductOptionValue" ov ON ov.id = vov."optionValueId"
        JOIN "ProductOption" o ON o.id = vov."optionId" WHERE vov."variantId" = v.id)) ORDER BY v.position, v.id)
    FROM "Variant" v WHERE v."productId" = p.id) AS variants,
  (SELECT coalesce(json_agg(json_build_object('name', o.name, 'values',
      (SELECT json_agg(ov.value ORDER BY ov.position) FROM "ProductOptionValue" ov WHERE ov."optionId" = o.id))
      ORDER BY o.position), '[]'::json)
    FROM "ProductOption" o WHERE o."productId" = p.id) AS options`;
