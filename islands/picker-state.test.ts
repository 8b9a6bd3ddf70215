/**
 * The island's picker state against the server HTML it takes over: the same data block, the same
 * radios checked, disabled and explained for the default variant, and `?variant=` links.
 */
import { parse } from 'node-html-parser';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { VariantPicker, type VariantPickerProps } from '@/components/variant-picker';
import { optionReasonText } from '@/components/picker-text';
import type { VariantView } from '@/lib/catalog/types';
import { addressOf, initialVariant, pickerModel, valueStates, variantAfterChoice } from './picker-state';

function variant(id: number, values: string[], stock: number, title = values.join(' / ')): VariantView {
  return {
    id,
    sku: `SKU-${id}`,
    title,
    price: { amount: 1000 + id, currency: 'USD' },
    compareAtPrice: null,
    stockState: stock === 0 ? { kind: 'sold-out' } : { kind: 'in-stock' },
    image: null,
    optionValues: values,
  };
}

// L / Olive does not exist; M / Olive and S / Navy are sold out; M / Navy, the first that can be
// bought, is the default.
const twoOptions: VariantPickerProps = {
  options: [
    { name: 'Size', values: ['S', 'M', 'L'] },
    { name: 'Colour', values: ['Navy', 'Olive'] },
  ],
  variants: [
    variant(1, ['S', 'Navy'], 0),
    variant(2, ['M', 'Navy'], 9),
    variant(3, ['L', 'Navy'], 7),
    variant(4, ['S', 'Olive'], 2),
    variant(5, ['M', 'Olive'], 0),
  ],
};
// No options: one group over the variants, by title.
const noOptions: VariantPickerProps = {
  options: [],
  variants: [variant(1, [], 0, 'Small'), variant(2, [], 5, 'Large </script><b>')],
};

/** Each group's radios as the server wrote them: value, checked, disabled, the reason beside it. */
function serverRadios(props: VariantPickerProps) {
  const html = parse(renderToStaticMarkup(createElement(VariantPicker, props)));
  const groups = html.querySelectorAll('fieldset').map((fieldset) =>
    fieldset.querySelectorAll('.option-value').map((value) => {
      const input = value.querySelector('input');
      return {
        value: input?.getAttribute('value'),
        checked: input?.hasAttribute('checked'),
        disabled: input?.hasAttribute('disabled'),
        reason: value.querySelector('.option-reason')?.text ?? null,
      };
    }),
  );
  return { html, groups };
}

/** The same, as the island shows the variant it starts on. */
function islandRadios(props: VariantPickerProps, search = '') {
  const model = pickerModel(props);
  return valueStates(model, initialVariant(model, search)).map((group) =>
    group.map(({ value, checked, offer }) => ({
      value,
      checked,
      disabled: !offer.offered,
      reason: offer.offered ? null : ` (${optionReasonText(offer)})`,
    })),
  );
}

describe('the picker island’s state', () => {
  it.each([
    ['two options', twoOptions],
    ['no options', noOptions],
  ])('starts where the server HTML is (%s), reading the page’s data block', (_, props) => {
    const { html, groups } = serverRadios(props);
    expect(groups.flat().length).toBeGreaterThan(1);
    expect(islandRadios(props)).toEqual(groups);
    const block = html.querySelector('script.variant-picker-data');
    expect(block?.getAttribute('type')).toBe('application/json');
    expect(JSON.parse(block?.text ?? '')).toEqual(props);
  });

  it('keeps "</script>" in a title from ending the data block', () => {
    const html = renderToStaticMarkup(createElement(VariantPicker, noOptions));
    expect(html).not.toContain('Large </script>');
    expect(html).toContain('Large \\u003c/script>\\u003cb>');
  });

  it('writes no data block when there is nothing to choose', () => {
    const html = renderToStaticMarkup(createElement(VariantPicker, { options: [], variants: [variant(1, [], 3)] }));
    expect(html).not.toContain('variant-picker-data');
  });

  it('honours a ?variant= link to a variant it can show, and ignores any other', () => {
    const model = pickerModel(twoOptions);
    expect(initialVariant(model, '').id).toBe(2);
    expect(initialVariant(model, '?variant=4').id).toBe(4);
    expect(initialVariant(model, '?utm_source=x&variant=5').id).toBe(5); // sold out, but it exists
    for (const search of ['?variant=99', '?variant=abc', '?variant=', '?variant=4.0', '?other=4']) {
      expect(initialVariant(model, search).id, search).toBe(2);
    }
    const linked = islandRadios(twoOptions, '?variant=4');
    expect(linked[0]?.find((r) => r.checked)?.value).toBe('S');
    expect(linked[1]?.find((r) => r.checked)?.value).toBe('Olive');
    expect(linked[1]?.find((r) => r.value === 'Navy')).toMatchObject({ disabled: true, reason: ' (sold out)' });
  });

  it('follows a choice: later options are re-picked when the combination is gone or sold out', () => {
    const model = pickerModel(twoOptions);
    const start = initialVariant(model, ''); // M / Navy
    expect(variantAfterChoice(model, start, 0, 'S')?.id).toBe(4); // S / Navy is sold out: S / Olive
    expect(variantAfterChoice(model, start, 0, 'L')?.id).toBe(3);
    expect(variantAfterChoice(model, start, 1, 'Olive')?.id).toBe(5); // M / Olive: sold out, but named
    expect(variantAfterChoice(model, start, 1, 'Teal')?.id).toBe(2); // no such value: no change
    const orphan = variant(9, ['XL', 'Navy'], 3); // a selection that names no variant of the model
    expect(variantAfterChoice(model, orphan, 1, 'Teal')).toBeUndefined();
  });

  it('names the choice in the address, keeping the rest of it', () => {
    const chosen = variant(7, ['M'], 3);
    expect(addressOf('https://shop.example/products/coat?utm_source=mail#reviews', chosen)).toBe(
      'https://shop.example/products/coat?utm_source=mail&variant=7#reviews',
    );
    expect(addressOf('https://shop.example/products/coat?variant=2', chosen)).toBe(
      'https://shop.example/products/coat?variant=7',
    );
  });
});
