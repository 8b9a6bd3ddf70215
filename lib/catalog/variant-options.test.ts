/**
 * The options writer against the database: the rules it checks before writing, what the
 * database refuses by itself, and the product page read that returns what it wrote.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commitCatalogChange } from '../changes/commit-catalog-change';
import { getDb } from '../db';
import { getProductForEdit } from './product-for-edit';
import { getProductPage } from './storefront';
import {
  checkProductOptions,
  InvalidProductOptionsError,
  readProductOptions,
  setProductOptions,
  type ProductOptions,
} from './variant-options';

const PREFIX = `opt-${Date.now().toString(36)}`;
const author = { source: 'ADMIN' as const, actor: 'owner@shop.test' };
let productId = 0;
let ids: number[] = [];

beforeAll(async () => {
  const product = await getDb().product.create({
    data: {
      slug: `${PREFIX}-tee`,
      title: 'Tee',
      status: 'ACTIVE',
      variants: {
        create: [
          { sku: `${PREFIX}-S-NVY`, title: 'S / Navy', price: 2500, currency: 'USD', stock: 12, position: 0 },
          { sku: `${PREFIX}-M-NVY`, title: 'M / Navy', price: 2500, currency: 'USD', stock: 2, position: 1 },
          { sku: `${PREFIX}-S-OLV`, title: 'S / Olive', price: 2700, currency: 'USD', stock: 0, position: 2 },
        ],
      },
    },
    include: { variants: { orderBy: { position: 'asc' } } },
  });
  productId = product.id;
  ids = product.variants.map((v) => v.id);
});

afterAll(async () => {
  await getDb().product.deleteMany({ where: { slug: { startsWith: PREFIX } } });
  await getDb().$disconnect();
});

function sizeAndColour(): ProductOptions {
  const [s, m, olive] = ids as [number, number, number];
  return {
    options: [
      { name: 'Size', values: ['S', 'M'] },
      { name: 'Colour', values: ['Navy', 'Olive'] },
    ],
    combinations: [
      { variantId: s, values: ['S', 'Navy'] },
      { variantId: m, values: ['M', 'Navy'] },
      { variantId: olive, values: ['S', 'Olive'] },
    ],
  };
}

const set = (wanted: ProductOptions) =>
  commitCatalogChange(author, (scope) => setProductOptions(scope, productId, wanted));

describe('checkProductOptions', () => {
  const variantIds = [1, 2];
  const options = [{ name: 'Size', values: ['S', 'M'] }];
  const refused = (wanted: ProductOptions) => () => checkProductOptions(wanted, variantIds);

  it('accepts one combination per variant, and no options with no combinations', () => {
    expect(() =>
      checkProductOptions(
        {
          options,
          combinations: [
            { variantId: 1, values: ['S'] },
            { variantId: 2, values: ['M'] },
          ],
        },
        variantIds,
      ),
    ).not.toThrow();
    expect(() => checkProductOptions({ options: [], combinations: [] }, variantIds)).not.toThrow();
  });

  it.each([
    ['two variants with one combination', [['S'], ['S']], /both S/],
    ['a variant without a combination', [['S']], /have no combination/],
    ['a value the option does not have', [['S'], ['XL']], /no value XL/],
    ['too few values', [['S'], []], /0 value\(s\) for 1 option/],
  ])('refuses %s', (_, values, message) => {
    const combinations = values.map((v, i) => ({ variantId: i + 1, values: v }));
    expect(refused({ options, combinations })).toThrow(message);
    expect(refused({ options, combinations })).toThrow(InvalidProductOptionsError);
  });

  it('lets a variant the writer names have no combination, but not one as well', () => {
    const onlyS = { options, combinations: [{ variantId: 1, values: ['S'] }] };
    expect(() => checkProductOptions(onlyS, variantIds, [2])).not.toThrow();
    expect(() => checkProductOptions(onlyS, variantIds, [1, 2])).toThrow(/given a combination and none/);
  });

  it('refuses another product’s variant, repeated names and values, and blank ones', () => {
    const combinations = [
      { variantId: 1, values: ['S'] },
      { variantId: 2, values: ['M'] },
    ];
    expect(refused({ options, combinations: [...combinations, { variantId: 9, values: ['S'] }] })).toThrow(
      /not one of the product's/,
    );
    expect(refused({ options: [...options, { name: 'Size', values: ['X'] }], combinations })).toThrow(/share a name/);
    expect(refused({ options: [{ name: 'Size', values: ['S', 'S'] }], combinations })).toThrow(/repeats a value/);
    expect(refused({ options: [{ name: ' ', values: ['S', 'M'] }], combinations })).toThrow(/blank/);
  });
});

describe('setProductOptions', () => {
  it('writes the options, returns them on the product page in order, and purges the page', async () => {
    const { value: changed, paths } = await set(sizeAndColour());
    expect(changed).toBe(true);
    expect(paths).toContain(`/products/${PREFIX}-tee`);
    const page = await getProductPage(`${PREFIX}-tee`);
    expect(page?.options).toEqual(sizeAndColour().options);
    expect(page?.variants.map((v) => [v.id, v.optionValues, v.stockState])).toEqual([
      [ids[0], ['S', 'Navy'], { kind: 'in-stock' }],
      [ids[1], ['M', 'Navy'], { kind: 'low', left: 2 }],
      [ids[2], ['S', 'Olive'], { kind: 'sold-out' }],
    ]);
  });

  it('gives the dashboard’s product form each variant’s values, in option order', async () => {
    const form = await getProductForEdit(productId);
    expect(form?.variants.map((v) => v.options)).toEqual([
      [
        { name: 'Size', value: 'S' },
        { name: 'Colour', value: 'Navy' },
      ],
      [
        { name: 'Size', value: 'M' },
        { name: 'Colour', value: 'Navy' },
      ],
      [
        { name: 'Size', value: 'S' },
        { name: 'Colour', value: 'Olive' },
      ],
    ]);
  });

  it('writes nothing and purges nothing when the options are already so', async () => {
    const { value: changed, paths } = await set(sizeAndColour());
    expect(changed).toBe(false);
    expect(paths).toEqual([]);
  });

  it('leaves the stored options as they were when it refuses', async () => {
    const twins = sizeAndColour();
    twins.combinations[1] = { variantId: ids[1] ?? 0, values: ['S', 'Navy'] };
    await expect(set(twins)).rejects.toThrow(InvalidProductOptionsError);
    expect(await getDb().$transaction((tx) => readProductOptions(tx, productId))).toEqual(sizeAndColour());
  });

  it('removes every option of a product that no longer has any', async () => {
    await set({ options: [], combinations: [] });
    const page = await getProductPage(`${PREFIX}-tee`);
    expect(page?.options).toEqual([]);
    expect(page?.variants.map((v) => v.optionValues)).toEqual([[], [], []]);
    await set(sizeAndColour());
  });
});

describe('what the database holds by itself', () => {
  it('refuses a value of another option, and two values of one option for a variant', async () => {
    const options = await getDb().productOption.findMany({
      where: { productId },
      orderBy: { position: 'asc' },
      include: { values: true },
    });
    const [size, colour] = options;
    const small = size?.values.find((v) => v.value === 'S');
    const olive = colour?.values.find((v) => v.value === 'Olive');
    const [sNavy, , sOlive] = ids;
    // Real ids only: a made-up one would be refused by the single-column keys, proving nothing.
    if (!size || !colour || !small || !olive || sNavy === undefined || sOlive === undefined) {
      throw new Error('the Size x Colour options set above are expected');
    }
    const link = (variantId: number, optionId: number, optionValueId: number) =>
      getDb().variantOptionValue.create({ data: { variantId, optionId, optionValueId } });
    // The S / Olive variant without its Size, so only the two-column key can refuse what follows.
    await getDb().variantOptionValue.delete({
      where: { variantId_optionId: { variantId: sOlive, optionId: size.id } },
    });
    // Olive is a Colour: it cannot be the variant's Size.
    await expect(link(sOlive, size.id, olive.id)).rejects.toThrow(/VariantOptionValue_optionValueId_optionId_fkey/);
    await link(sOlive, size.id, small.id); // a Size value is accepted in its place
    // The S / Navy variant already has a Colour.
    await expect(link(sNavy, colour.id, olive.id)).rejects.toThrow(/VariantOptionValue_pkey/);
  });
});
