/**
 * Stripe price metadata `option.<Name>` = `<value>` onto our options: the pure mapping, then
 * price.created deliveries for a two-variant product.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { getProductPage } from '../catalog/storefront';
import { getDb } from '../db';
import { stripeEvent, stripePrice, unixNow } from '../../testing/stripe/fixtures';
import { deliverStripeEvent } from '../../testing/stripe/deliver-event';
import { optionsOfPrice } from './objects';
import { productOptionsFromPrices } from './price-options';

const PREFIX = `stripeopt-${Date.now().toString(36)}`;
const regenerate = () => Promise.resolve();
const none = { options: [], combinations: [] };

afterAll(async () => {
  await getDb().product.deleteMany({ where: { slug: { startsWith: PREFIX } } });
  await getDb().$disconnect();
});

describe('optionsOfPrice', () => {
  it('reads option.<Name> keys, trimmed, and nothing else', () => {
    expect(
      optionsOfPrice({ metadata: { sku: 'TEE-M', 'option.Size': ' M ', 'option.Colour': 'Navy', 'option.': 'x' } }),
    ).toEqual({ Size: 'M', Colour: 'Navy' });
    expect(optionsOfPrice({ metadata: { 'option.Size': '  ' } })).toEqual({});
  });
});

describe('productOptionsFromPrices', () => {
  it('is null when no price names an option: the product keeps the options it has', () => {
    expect(productOptionsFromPrices(none, [{ id: 1, options: {} }])).toBeNull();
  });

  it('orders new options by name and new values by the variants that first name them', () => {
    const wanted = productOptionsFromPrices(none, [
      { id: 1, options: { Size: 'M', Colour: 'Navy' } },
      { id: 2, options: { Size: 'S', Colour: 'Navy' } },
      { id: 3, options: { Size: 'M', Colour: 'Olive' } },
    ]);
    expect(wanted).toEqual({
      options: [
        { name: 'Colour', values: ['Navy', 'Olive'] },
        { name: 'Size', values: ['M', 'S'] },
      ],
      combinations: [
        { variantId: 1, values: ['Navy', 'M'] },
        { variantId: 2, values: ['Navy', 'S'] },
        { variantId: 3, values: ['Olive', 'M'] },
      ],
    });
  });

  it('keeps the order of options and values the product already has', () => {
    const current = {
      options: [
        { name: 'Size', values: ['S', 'M', 'L'] },
        { name: 'Colour', values: ['Navy'] },
      ],
      combinations: [],
    };
    const wanted = productOptionsFromPrices(current, [
      { id: 1, options: { Size: 'M', Colour: 'Navy' } },
      { id: 2, options: { Size: 'S', Colour: 'Rust' } },
    ]);
    expect(wanted?.options).toEqual([
      { name: 'Size', values: ['S', 'M'] },
      { name: 'Colour', values: ['Navy', 'Rust'] },
    ]);
  });

  it('gives a variant whose price names no value a blank one, which the writer refuses', () => {
    const wanted = productOptionsFromPrices(none, [
      { id: 1, options: { Size: 'M' } },
      { id: 2, options: {} },
    ]);
    expect(wanted?.combinations).toEqual([
      { variantId: 1, values: ['M'] },
      { variantId: 2, values: [''] },
    ]);
  });
});

describe('price.created deliveries', () => {
  it('give the variants the options their prices name, once every variant has one', async () => {
    const stripeId = `prod_${PREFIX.replace(/-/g, '')}`;
    const product = await getDb().product.create({
      data: {
        slug: `${PREFIX}-tee`,
        title: 'Tee',
        status: 'ACTIVE',
        stripeProductId: stripeId,
        variants: {
          create: [
            { sku: `${PREFIX}-S`, title: 'Small', price: 2000, currency: 'USD', stock: 4, position: 0 },
            { sku: `${PREFIX}-M`, title: 'Medium', price: 2000, currency: 'USD', stock: 4, position: 1 },
          ],
        },
      },
    });
    const deliver = async (sku: string, size: string, created: number) => {
      const price = stripePrice({
        product: stripeId,
        unit_amount: 2100,
        metadata: { sku, 'option.Size': size },
        created,
      });
      return deliverStripeEvent(stripeEvent('price.created', price, { created }), regenerate);
    };
    const t = unixNow();

    // One variant's price names its Size, the other has no price yet: the options wait.
    const first = await deliver(`${PREFIX}-S`, 'S', t);
    expect(first.outcome).toBe('APPLIED');
    expect(first.detail).toContain('has no value for Size');
    expect((await getProductPage(product.slug))?.options).toEqual([]);

    const second = await deliver(`${PREFIX}-M`, 'M', t + 1);
    expect(second.detail).toContain('options updated');
    const page = await getProductPage(product.slug);
    expect(page?.options).toEqual([{ name: 'Size', values: ['S', 'M'] }]);
    expect(page?.variants.map((v) => [v.sku, v.optionValues, v.price.amount])).toEqual([
      [`${PREFIX}-S`, ['S'], 2100],
      [`${PREFIX}-M`, ['M'], 2100],
    ]);
  });
});
