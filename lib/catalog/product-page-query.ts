/**
 * What a product page shows, read in one statement: the product and its images, options with
 * their values, variants with their image and option values, and categories, as one JSON object
 * per product. Prisma's relation select sends one query per relation (ten for a product page),
 * and every page the worker regenerates, and every block of the product feed, reads this: the
 * round trips were a large part of a regeneration's CPU (docs/benchmarks.md, "Regeneration
 * cost"). The order is the page's: images, options and values by position,
 * variants by position then id, categories as the shop orders them.
 */
import { Prisma } from '../generated/prisma/client';
import type { OptionRow, VariantRow } from './reshape';
import type { CategoryLink, ImageView } from './types';

export interface ProductPageRow {
  id: number;
  slug: string;
  title: string;
  description: string;
  images: ImageView[];
  options: OptionRow[];
  variants: (VariantRow & { image: ImageView | null })[];
  categories: CategoryLink[];
}

const imageJson = (alias: string) =>
  Prisma.raw(
    `json_build_object('url', ${alias}.url, 'alt', ${alias}.alt, 'width', ${alias}.width, 'height', ${alias}.height)`,
  );

/** One `ProductPageRow` of the product aliased `p`. */
const productPageJson = Prisma.sql`json_build_object(
  'id', p.id, 'slug', p.slug, 'title', p.title, 'description', p.description,
  'images', (SELECT coalesce(json_agg(${imageJson('i')} ORDER BY i.position, i.id), '[]')
             FROM "ProductImage" i WHERE i."productId" = p.id),
  'options', (SELECT coalesce(json_agg(json_build_object('id', o.id, 'name', o.name, 'values',
                (SELECT coalesce(json_agg(json_build_object('value', v.value) ORDER BY v.position), '[]')
                 FROM "ProductOptionValue" v WHERE v."optionId" = o.id)) ORDER BY o.position), '[]')
              FROM "ProductOption" o WHERE o."productId" = p.id),
  'variants', (SELECT coalesce(json_agg(json_build_object(
                 'id', va.id, 'sku', va.sku, 'title', va.title, 'price', va.price, 'currency', va.currency,
                 'compareAtPrice', va."compareAtPrice", 'stock', va.stock,
                 'image', (SELECT ${imageJson('vi')} FROM "ProductImage" vi WHERE vi.id = va."imageId"),
                 'optionValues', (SELECT coalesce(json_agg(json_build_object(
                                    'optionId', vov."optionId", 'optionValue', json_build_object('value', ov.value))), '[]')
                                  FROM "VariantOptionValue" vov JOIN "ProductOptionValue" ov ON ov.id = vov."optionValueId"
                                  WHERE vov."variantId" = va.id)
               ) ORDER BY va.position, va.id), '[]')
               FROM "Variant" va WHERE va."productId" = p.id),
  'categories', (SELECT coalesce(json_agg(json_build_object('slug', c.slug, 'name', c.name) ORDER BY c.position, c.id), '[]')
                 FROM "ProductCategory" pc JOIN "Category" c ON c.id = pc."categoryId" WHERE pc."productId" = p.id)
)`;

type Reader = { $queryRaw<T>(query: Prisma.Sql): Promise<T> };

/** The active product with this slug, or null. */
export async function readActiveProductPage(db: Reader, slug: string): Promise<ProductPageRow | null> {
  return (await readActiveProductPagesBySlug(db, [slug]))[0] ?? null;
}

/** The active products among `slugs`, in no particular order (a draft or an unknown slug is left out). */
export async function readActiveProductPagesBySlug(db: Reader, slugs: readonly string[]): Promise<ProductPageRow[]> {
  if (slugs.length === 0) return [];
  const rows = await db.$queryRaw<{ page: ProductPageRow }[]>(Prisma.sql`
    SELECT ${productPageJson} AS page FROM "Product" p
    WHERE p.slug = ANY(${[...slugs]}::varchar[]) AND p.status = 'ACTIVE'`);
  return rows.map((row) => row.page);
}

/** Up to `limit` active products with `after` < id <= `through`, in id order. */
export async function readActiveProductPages(
  db: Reader,
  after: number,
  through: number,
  limit: number,
): Promise<ProductPageRow[]> {
  const rows = await db.$queryRaw<{ page: ProductPageRow }[]>(Prisma.sql`
    SELECT ${productPageJson} AS page FROM "Product" p
    WHERE p.status = 'ACTIVE' AND p.id > ${after} AND p.id <= ${through}
    ORDER BY p.id LIMIT ${limit}`);
  return rows.map((row) => row.page);
}
