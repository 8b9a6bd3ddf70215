import { describe, expect, it } from 'vitest';
import type { OptionView, VariantView } from '@/lib/catalog/types';
import { choose, defaultVariant, offerFor, pickerChoices, variantFor } from './variant-choice';

const options: OptionView[] = [
  { name: 'Size', values: ['S', 'M', 'L'] },
  { name: 'Colour', values: ['Navy', 'Olive'] },
];

function variant(id: number, values: string[], stock: number): VariantView {
  return {
    id,
    sku: `SKU-${id}`,
    title: values.join(' / '),
    price: { amount: 1000 + id, currency: 'USD' },
    compareAtPrice: null,
    stockState: stock === 0 ? { kind: 'sold-out' } : { kind: 'in-stock' },
    image: null,
    optionValues: values,
  };
}

// L / Olive does not exist; M / Olive is sold out; L only comes in Navy.
const variants = [
  variant(1, ['S', 'Navy'], 4),
  variant(2, ['M', 'Navy'], 9),
  variant(3, ['L', 'Navy'], 7),
  variant(4, ['S', 'Olive'], 2),
  variant(5, ['M', 'Olive'], 0),
];

describe('the variant picker’s rules', () => {
  it('starts on the first variant that can be bought', () => {
    expect(defaultVariant(options, variants).id).toBe(1);
    expect(defaultVariant(options, [variant(5, ['M', 'Olive'], 0), variant(1, ['S', 'Navy'], 3)]).id).toBe(1);
    expect(defaultVariant(options, [variant(5, ['M', 'Olive'], 0)]).id).toBe(5);
  });

  it('disables the last option’s values that make no variant, or a sold-out one, saying which', () => {
    expect(offerFor(options, variants, ['L', 'Navy'], 1, 'Olive')).toEqual({ offered: false, reason: 'missing' });
    expect(offerFor(options, variants, ['M', 'Navy'], 1, 'Olive')).toEqual({ offered: false, reason: 'sold-out' });
    expect(offerFor(options, variants, ['S', 'Navy'], 1, 'Olive')).toEqual({ offered: true });
  });

  it('offers an earlier option’s value when any variant with it can be bought', () => {
    // From S / Olive, L is offered (L / Navy exists) although L / Olive does not.
    expect(offerFor(options, variants, ['S', 'Olive'], 0, 'L')).toEqual({ offered: true });
    const soldOutM = variants.map((v) => (v.optionValues[0] === 'M' ? variant(v.id, v.optionValues, 0) : v));
    expect(offerFor(options, soldOutM, ['S', 'Navy'], 0, 'M')).toEqual({ offered: false, reason: 'sold-out' });
  });

  it('keeps the later values when they still make a variant, else moves to one that can be bought', () => {
    expect(choose(options, variants, ['S', 'Olive'], 0, 'M')).toEqual(['M', 'Navy']);
    expect(choose(options, variants, ['S', 'Navy'], 0, 'M')).toEqual(['M', 'Navy']);
    expect(choose(options, variants, ['S', 'Navy'], 1, 'Olive')).toEqual(['S', 'Olive']);
    expect(variantFor(['S', 'Olive'], variants)?.id).toBe(4);
    expect(variantFor(['L', 'Olive'], variants)).toBeUndefined();
  });

  it('leaves out a variant without a full combination', () => {
    const broken = [variant(9, [], 5), ...variants];
    expect(defaultVariant(options, broken).id).toBe(1);
  });
});

describe('a product without options', () => {
  const titled = (id: number, title: string, stock: number) => ({ ...variant(id, [], stock), title });

  it('with several variants, offers one group over them by title (with the sku when titles repeat)', () => {
    const choices = pickerChoices([], [titled(1, 'Small', 0), titled(2, 'Large', 4), titled(3, 'Large', 2)]);
    expect(choices.options).toEqual([{ name: 'Option', values: ['Small', 'Large (SKU-2)', 'Large (SKU-3)'] }]);
    expect(choices.variants.map((v) => [v.id, v.optionValues])).toEqual([
      [1, ['Small']],
      [2, ['Large (SKU-2)']],
      [3, ['Large (SKU-3)']],
    ]);
    // The same rules as options: it starts on one that can be bought; a sold-out one is disabled.
    expect(defaultVariant(choices.options, choices.variants).id).toBe(2);
    expect(offerFor(choices.options, choices.variants, ['Large (SKU-2)'], 0, 'Small')).toEqual({
      offered: false,
      reason: 'sold-out',
    });
    expect(
      variantFor(choose(choices.options, choices.variants, ['Large (SKU-2)'], 0, 'Large (SKU-3)'), choices.variants)
        ?.id,
    ).toBe(3);
  });

  it('with one variant, or with options of its own, offers what it has', () => {
    const one = [titled(1, 'Default', 3)];
    expect(pickerChoices([], one)).toEqual({ options: [], variants: one });
    expect(pickerChoices(options, variants)).toEqual({ options, variants });
  });
});
