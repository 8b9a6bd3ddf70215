/**
 * The picker's server HTML (what a shopper without JavaScript, or before the island runs, gets): the
 * groups are disabled so no radio can disagree with the price shown, and a product without
 * options but with several variants gets one group over them.
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { OptionView, VariantView } from '@/lib/catalog/types';
import { VariantPicker } from './variant-picker';

function variant(id: number, title: string, stock: number, optionValues: string[] = []): VariantView {
  return {
    id,
    sku: `SKU-${id}`,
    title,
    price: { amount: 1000 + id, currency: 'USD' },
    compareAtPrice: null,
    stockState: stock === 0 ? { kind: 'sold-out' } : stock <= 5 ? { kind: 'low', left: stock } : { kind: 'in-stock' },
    image: null,
    optionValues,
  };
}

const render = (options: OptionView[], variants: VariantView[]) =>
  renderToStaticMarkup(createElement(VariantPicker, { options, variants }));
const fieldsets = (html: string) => html.match(/<fieldset[^>]*>/g) ?? [];
const radios = (html: string) => html.match(/<input[^>]*type="radio"[^>]*>/g) ?? [];
const labels = (html: string) =>
  [...html.matchAll(/<span class="option-value">.*?<label[^>]*>(.*?)<\/label>/g)].map((m) =>
    m[1]?.replace(/<[^>]+>/g, ''),
  );
const hidden = (html: string, name: string) =>
  new RegExp(`<input type="hidden" name="${name}" value="([^"]*)"`).exec(html)?.[1];

describe('the variant picker’s server HTML', () => {
  it('disables every group until the island takes the picker over', () => {
    const html = render([{ name: 'Size', values: ['S', 'M'] }], [variant(1, 'S', 9, ['S']), variant(2, 'M', 9, ['M'])]);
    expect(fieldsets(html)).toHaveLength(1);
    for (const fieldset of fieldsets(html)) expect(fieldset).toMatch(/\bdisabled=""/);
  });

  it('offers a product without options one group over its variants, by title, with price and stock', () => {
    const html = render([], [variant(1, 'Small', 0), variant(2, 'Large', 12), variant(3, 'Huge', 2)]);
    expect(html).toContain('<legend>Option</legend>');
    expect(radios(html)).toHaveLength(3);
    expect(labels(html)).toEqual(['Small (sold out)', 'Large', 'Huge']);
    const [small, large] = radios(html);
    expect(small).toContain('value="Small"');
    expect(small).toContain('disabled=""'); // sold out
    expect(large).toContain('value="Large"');
    expect(large).toContain('checked=""'); // the first that can be bought
    expect(large).not.toContain('disabled');
    expect(html).toContain('data-chosen-variant="2"');
    expect(html).toContain('<span class="chosen-title">Large</span>');
    expect(html).toMatch(/class="chosen-variant"[^>]*>.*data-price-minor="1002"/s);
    expect(html).toContain('data-stock-state="in-stock">In stock</span>');
  });

  it('gives one variant without options no group, but its price and stock', () => {
    const html = render([], [variant(1, 'Default', 3)]);
    expect(fieldsets(html)).toEqual([]);
    expect(html).not.toContain('chosen-title');
    expect(html).toContain('data-price-minor="1001"');
    expect(html).toContain('data-stock-state="low">Only 3 left</span>');
  });

  it("adds the chosen variant with the price it shows, and shows the chosen variant's own picture", () => {
    const withImage = {
      ...variant(2, 'M', 9, ['M']),
      image: { url: '/images/m.svg', alt: 'Coat, navy', width: 800, height: 800 },
    };
    const html = render([{ name: 'Size', values: ['S', 'M'] }], [variant(1, 'S', 0, ['S']), withImage]);
    expect(html).toContain('action="/api/cart/add"');
    expect(hidden(html, 'variantId')).toBe('2');
    expect(hidden(html, 'seenAmount')).toBe('1002');
    expect(hidden(html, 'seenCurrency')).toBe('USD');
    const image = /<img[^>]*class="chosen-image"[^>]*>/.exec(html)?.[0] ?? '';
    expect(image).toContain('src="/images/m.svg"');
    expect(image).toContain('alt="M: Coat, navy"');
    expect(html).toMatch(/<button type="submit">Add to cart<\/button>/);
  });

  it('offers no "Add to cart" for a sold-out variant', () => {
    const html = render([], [variant(1, 'Default', 0)]);
    expect(html).toMatch(/<button type="submit" disabled="">Sold out<\/button>/);
    expect(html).not.toContain('chosen-image');
  });
});
