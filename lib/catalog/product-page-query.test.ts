/**
 * The product page's one statement against what Prisma's relation select returns for the same
 * products: same fields, same order, drafts left out.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '../db';
import {
  readActiveProductPage,
  readActiveProductPages,
  readActiveProductPagesBySlug,
  type ProductPageRow,
} from './product-page-query';
import { getProductPage, getProductPages } from './storefront';

const PREFIX = `ppq-${Date.now().toString(36)}`;
const image = { url: true, alt: true, width: true, height: true } as const;

/** The reference: Prisma's relation select, in the order the page shows. */
async function prismaPage(slug: string): Promise<ProductPageRow | null> {
  const row = await getDb().product.findFirst({
    where: { slug, status: 'ACTIVE' },
    select: {
      id: true,
      slug: true,
      title: true,
      description: true,
      images: { select: image, orderBy: [{ position: 'asc' }, { id: 'asc' }] },
      options: {
        orderBy: { position: 'asc' },
        select: { id: true, name: true, values: { orderBy: { position: 'asc' }, select: { value: true } } },
      },
      variants: {
        orderBy: [{ position: 'asc' }, { id: 'asc' }],
        select: {
          id: true,
          sku: true,
          title: true,
          price: true,
          currency: true,
          compareAtPrice: true,
          stock: true,
          image: { select: image },
          optionValues: {
            select: { optionId: true, optionValue: { select: { value: true } } },
            orderBy: { optionId: 'asc' },
          },
        },
      },
      categories: {
        select: { category: { select: { slug: true, name: true } } },
        orderBy: [{ category: { position: 'asc' } }, { categoryId: 'asc' }],
      },
    },
  });
  return row && { ...row, categories: row.categories.map((link) => link.category) };
}

/** Option values of a variant come in no particular order: the page looks them up by option. */
function sortedOptionValues(page: ProductPageRow | null) {
  return (
    page && {
      ...page,
      variants: page.variants.map((v) => ({
        ...v,
        optionValues: [...v.optionValues].sort((a, b) => a.optionId - b.optionId),
      })),
    }
  );
}

let coatId = 0;

beforeAll(async () => {
  const db = getDb();
  const [outer, sale] = await Promise.all([
    db.category.create({ data: { slug: `${PREFIX}-outer`, name: 'Outerwear', position: 5 } }),
    db.category.create({ data: { slug: `${PREFIX}-sale`, name: 'Sale', position: 1 } }),
  ]);
  const coat = await db.product.create({
    data: {
      slug: `${PREFIX}-coat`,
      title: 'Coat "Nordic" <wool>',
      description: 'Warm — and dry.\nTwo lines.',
      status: 'ACTIVE',
      images: {
        create: [
          { url: '/images/b.webp', alt: 'Back', width: 1200, height: 900, position: 2 },
          { url: '/images/a.webp', alt: 'Front', width: 1200, height: 1200, position: 1 },
        ],
      },
      categories: {
        create: [
          { categoryId: outer.id, position: 3 },
          { categoryId: sale.id, position: 9 },
        ],
      },
    },
    include: { images: true },
  });
  coatId = coat.id;
  const back = coat.images.find((i) => i.alt === 'Back')!;
  const size = await db.productOption.create({
    data: {
      productId: coat.id,
      name: 'Size',
      position: 1,
      values: {
        create: [
          { value: 'M', position: 2 },
          { value: 'S', position: 1 },
        ],
      },
    },
    include: { values: true },
  });
  const colour = await db.productOption.create({
    data: { productId: coat.id, name: 'Colour', position: 0, values: { create: [{ value: 'Navy', position: 0 }] } },
    include: { values: true },
  });
  const value = (option: typeof size, name: string) => option.values.find((v) => v.value === name)!;
  // Two variants share a position: the tie is broken by id, as the page orders them. The first
  // one is moved to that position afterwards, so its index entry (and its row) now come after the
  // second's: read in index or table order, without the tie-break, it would come second.
  for (const [sku, sizeName, position, imageId, compareAtPrice] of [
    ['M', 'M', 3, back.id, 5900],
    ['S', 'S', 1, null, null],
  ] as const) {
    await db.variant.create({
      data: {
        productId: coat.id,
        sku: `${PREFIX}-${sku}`,
        title: `${sizeName} / Navy`,
        price: 4900,
        currency: 'EUR',
        compareAtPrice,
        stock: sku === 'M' ? 0 : 7,
        position,
        imageId,
        optionValues: {
          create: [
            { optionId: size.id, optionValueId: value(size, sizeName).id },
            { optionId: colour.id, optionValueId: value(colour, 'Navy').id },
          ],
        },
      },
    });
  }
  await db.variant.update({ where: { sku: `${PREFIX}-M` }, data: { position: 1 } });
  await db.product.create({
    data: {
      slug: `${PREFIX}-plain`,
      title: 'Plain',
      status: 'ACTIVE',
      variants: { create: [{ sku: `${PREFIX}-plain`, title: 'Default', price: 1000, currency: 'USD', stock: 1 }] },
    },
  });
  await db.product.create({
    data: {
      slug: `${PREFIX}-draft`,
      title: 'Draft',
      status: 'DRAFT',
      variants: { create: [{ sku: `${PREFIX}-draft`, title: 'Default', price: 1000, currency: 'USD', stock: 1 }] },
    },
  });
});

afterAll(async () => {
  await getDb().product.deleteMany({ where: { slug: { startsWith: PREFIX } } });
  await getDb().category.deleteMany({ where: { slug: { startsWith: PREFIX } } });
  await getDb().$disconnect();
});

describe('readActiveProductPage', () => {
  it('reads what the relation select reads, in the same order', async () => {
    const page = await readActiveProductPage(getDb(), `${PREFIX}-coat`);
    expect(sortedOptionValues(page)).toEqual(await prismaPage(`${PREFIX}-coat`));
    expect(page?.images.map((i) => i.alt)).toEqual(['Front', 'Back']);
    expect(page?.options.map((o) => [o.name, o.values.map((v) => v.value)])).toEqual([
      ['Colour', ['Navy']],
      ['Size', ['S', 'M']],
    ]);
    expect(page?.variants.map((v) => [v.sku, v.image?.alt ?? null, v.compareAtPrice])).toEqual([
      [`${PREFIX}-M`, 'Back', 5900],
      [`${PREFIX}-S`, null, null],
    ]);
    expect(page?.categories.map((c) => c.name)).toEqual(['Sale', 'Outerwear']);
  });

  it('reads a product without options, images or categories as empty lists', async () => {
    const page = await readActiveProductPage(getDb(), `${PREFIX}-plain`);
    expect(page).toEqual(await prismaPage(`${PREFIX}-plain`));
    expect(page).toMatchObject({ images: [], options: [], categories: [] });
  });

  it('is null for a draft and for an unknown slug', async () => {
    expect(await readActiveProductPage(getDb(), `${PREFIX}-draft`)).toBeNull();
    expect(await readActiveProductPage(getDb(), `${PREFIX}-none`)).toBeNull();
  });
});

describe('readActiveProductPages', () => {
  it('reads the active products of an id range in id order, as the single read does', async () => {
    const mine = await getDb().product.findMany({
      where: { slug: { startsWith: PREFIX } },
      orderBy: { id: 'asc' },
      select: { id: true, slug: true, status: true },
    });
    const first = mine[0]!.id;
    const last = mine[mine.length - 1]!.id;
    // Other test files write products meanwhile: only this file's are compared.
    const pages = (await readActiveProductPages(getDb(), first - 1, last, 1000)).filter((p) =>
      p.slug.startsWith(PREFIX),
    );
    expect(pages.map((p) => p.slug)).toEqual(mine.filter((p) => p.status === 'ACTIVE').map((p) => p.slug));
    for (const page of pages) expect(page).toEqual(await readActiveProductPage(getDb(), page.slug));
  });

  it('reads from after the first id through the last one, up to the limit', async () => {
    expect((await readActiveProductPages(getDb(), coatId - 1, coatId + 100, 1)).map((p) => p.id)).toEqual([coatId]);
    expect((await readActiveProductPages(getDb(), coatId - 1, coatId, 10)).map((p) => p.id)).toEqual([coatId]);
    expect(await readActiveProductPages(getDb(), coatId, coatId, 10)).toEqual([]);
  });
});

describe('readActiveProductPagesBySlug and getProductPages', () => {
  const slugs = ['coat', 'plain', 'draft', 'none'].map((name) => `${PREFIX}-${name}`);

  it('reads the active ones of many slugs in one statement, each as the single read does', async () => {
    const pages = await readActiveProductPagesBySlug(getDb(), slugs);
    expect(pages.map((page) => page.slug).sort()).toEqual([`${PREFIX}-coat`, `${PREFIX}-plain`]);
    for (const page of pages) expect(page).toEqual(await readActiveProductPage(getDb(), page.slug));
    expect(await readActiveProductPagesBySlug(getDb(), [])).toEqual([]);
  });

  it('gives every slug what getProductPage gives it, null for a draft and an unknown one', async () => {
    const pages = await getProductPages(slugs);
    expect([...pages.keys()]).toEqual(slugs);
    for (const slug of slugs) expect(pages.get(slug)).toEqual(await getProductPage(slug));
    expect(pages.get(`${PREFIX}-draft`)).toBeNull();
    expect(pages.get(`${PREFIX}-coat`)).not.toBeNull();
  });
});
