import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '../db';
import { buildGoogleFeed } from './google-feed';

const PREFIX = `feed-${Date.now().toString(36)}`;
const ORIGIN = 'https://shop.test';

/** Google's required attributes for every item (Merchant Center product data specification). */
const REQUIRED = ['g:id', 'g:title', 'g:description', 'g:link', 'g:image_link', 'g:availability', 'g:price'];

type Item = Record<string, string | number>;

beforeAll(async () => {
  const db = getDb();
  await db.product.create({
    data: {
      slug: `${PREFIX}-mug`,
      title: 'Mug & <Saucer>',
      description: 'Stoneware.',
      status: 'ACTIVE',
      images: { create: { url: '/images/mug.webp', alt: 'Mug', width: 1200, height: 1200 } },
      variants: {
        create: {
          sku: `${PREFIX}-MUG`,
          title: 'Default',
          price: 1250,
          currency: 'USD',
          compareAtPrice: 1500,
          stock: 4,
        },
      },
    },
  });
  const coat = await db.product.create({
    data: {
      slug: `${PREFIX}-coat`,
      title: 'Coat',
      description: '',
      status: 'ACTIVE',
      images: {
        create: [
          { url: '/images/coat-navy.webp', alt: 'Coat, navy', width: 1200, height: 1200, position: 0 },
          { url: '/images/coat-sand.webp', alt: 'Coat, sand', width: 1200, height: 1200, position: 1 },
        ],
      },
      variants: {
        create: [
          { sku: `${PREFIX}-COAT-M`, title: 'M / Navy', price: 9900, currency: 'USD', stock: 10, position: 0 },
          { sku: `${PREFIX}-COAT-L`, title: 'L / Sand', price: 10900, currency: 'USD', stock: 0, position: 1 },
        ],
      },
      options: {
        create: [
          {
            name: 'Size',
            position: 0,
            values: {
              create: [
                { value: 'M', position: 0 },
                { value: 'L', position: 1 },
              ],
            },
          },
          {
            name: 'Colour',
            position: 1,
            values: {
              create: [
                { value: 'Navy', position: 0 },
                { value: 'Sand', position: 1 },
              ],
            },
          },
        ],
      },
    },
    include: { variants: true, options: { include: { values: true } }, images: true },
  });
  const value = (option: string, v: string) =>
    coat.options.find((o) => o.name === option)!.values.find((x) => x.value === v)!;
  for (const [sku, size, colour, image] of [
    [`${PREFIX}-COAT-M`, 'M', 'Navy', 0],
    [`${PREFIX}-COAT-L`, 'L', 'Sand', 1],
  ] as const) {
    const variant = coat.variants.find((v) => v.sku === sku)!;
    await db.variant.update({ where: { id: variant.id }, data: { imageId: coat.images[image]!.id } });
    for (const [option, v] of [
      ['Size', size],
      ['Colour', colour],
    ] as const) {
      const optionValue = value(option, v);
      await db.variantOptionValue.create({
        data: { variantId: variant.id, optionId: optionValue.optionId, optionValueId: optionValue.id },
      });
    }
  }
  await db.product.create({
    data: {
      slug: `${PREFIX}-draft`,
      title: 'Draft',
      status: 'DRAFT',
      variants: { create: { sku: `${PREFIX}-DRAFT`, title: 'Default', price: 100, currency: 'USD', stock: 1 } },
    },
  });
});

afterAll(async () => {
  await getDb().product.deleteMany({ where: { slug: { startsWith: PREFIX } } });
  await getDb().$disconnect();
});

async function ourItems(): Promise<{ xml: string; items: Item[] }> {
  const xml = await buildGoogleFeed(ORIGIN);
  const parsed = new XMLParser({ parseTagValue: false }).parse(xml) as {
    rss: { channel: { item?: Item | Item[] } };
  };
  const all = [parsed.rss.channel.item ?? []].flat();
  return { xml, items: all.filter((item) => String(item['g:id']).startsWith(PREFIX)) };
}

describe('the Google product feed', () => {
  it('is well-formed RSS 2.0 with the g: namespace, and every item has the required attributes', async () => {
    const { xml } = await ourItems();
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml).toContain('<rss version="2.0" xmlns:g="http://base.google.com/ns/1.0">');
    const all = [
      (new XMLParser({ parseTagValue: false }).parse(xml) as { rss: { channel: { item: Item[] } } }).rss.channel.item,
    ].flat();
    for (const item of all)
      for (const field of REQUIRED) expect(item[field], `${String(item['g:id'])} ${field}`).toBeTruthy();
  });

  it('gives each variant its price as the page shows it, a sale as price and sale_price, and drafts nothing', async () => {
    const { items } = await ourItems();
    expect(items.map((i) => i['g:id']).sort()).toEqual(
      [`${PREFIX}-COAT-L`, `${PREFIX}-COAT-M`, `${PREFIX}-MUG`].sort(),
    );
    const mug = items.find((i) => i['g:id'] === `${PREFIX}-MUG`)!;
    expect(mug).toMatchObject({
      'g:title': 'Mug & <Saucer>',
      'g:price': '15.00 USD',
      'g:sale_price': '12.50 USD',
      'g:availability': 'in_stock',
      'g:link': `${ORIGIN}/products/${PREFIX}-mug`,
      'g:image_link': `${ORIGIN}/images/mug.webp`,
    });
    expect(mug['g:item_group_id']).toBeUndefined();
  });

  it('groups variants, names their size and colour, links each to its choice and picture, and says sold out', async () => {
    const { items } = await ourItems();
    const large = items.find((i) => i['g:id'] === `${PREFIX}-COAT-L`)!;
    expect(large).toMatchObject({
      'g:title': 'Coat – L / Sand',
      'g:description': 'Coat',
      'g:price': '109.00 USD',
      'g:availability': 'out_of_stock',
      'g:item_group_id': `${PREFIX}-coat`,
      'g:size': 'L',
      'g:color': 'Sand',
      'g:image_link': `${ORIGIN}/images/coat-sand.webp`,
      'g:additional_image_link': `${ORIGIN}/images/coat-navy.webp`,
    });
    expect(String(large['g:link'])).toMatch(new RegExp(`^${ORIGIN}/products/${PREFIX}-coat\\?variant=\\d+$`));
    expect(large['g:sale_price']).toBeUndefined();
  });

  it('shows a new price on the next build, as the page does', async () => {
    await getDb().variant.updateMany({ where: { sku: `${PREFIX}-COAT-M` }, data: { price: 9500 } });
    const { items } = await ourItems();
    expect(items.find((i) => i['g:id'] === `${PREFIX}-COAT-M`)?.['g:price']).toBe('95.00 USD');
  });
});
