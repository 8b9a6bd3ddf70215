import { describe, expect, it } from 'vitest';
import { productUpdateSchema, type ProductUpdate } from './product-update';

const valid: ProductUpdate = {
  version: 3,
  slug: 'wool-coat',
  title: 'Wool coat',
  description: 'Warm.',
  status: 'ACTIVE',
  featured: false,
  categoryIds: [1],
  variants: [{ id: 7, price: 1999, compareAtPrice: 2500, stock: 4 }],
};

function issuesFor(input: unknown): Record<string, string> {
  const result = productUpdateSchema.safeParse(input);
  if (result.success) return {};
  return Object.fromEntries(result.error.issues.map((i) => [i.path.join('.'), i.message]));
}

function withVariant(patch: Record<string, unknown>) {
  return { ...valid, variants: [{ ...valid.variants[0], ...patch }] };
}

describe('productUpdateSchema', () => {
  it('accepts a complete, sane product', () => {
    expect(productUpdateSchema.parse(valid)).toEqual(valid);
  });

  it.each([
    [-1, 'Price cannot be negative'],
    [19.99, 'Price must be a whole number of cents'],
    [1e12, 'Price is too high'],
    ['1999', 'Enter a price'],
  ])('refuses the price %j with a message for the field', (price, message) => {
    expect(issuesFor(withVariant({ price, compareAtPrice: null }))['variants.0.price']).toBe(message);
  });

  it('accepts 0 and the maximum', () => {
    expect(issuesFor(withVariant({ price: 0, compareAtPrice: null }))).toEqual({});
    expect(issuesFor(withVariant({ price: 99_999_999, compareAtPrice: null }))).toEqual({});
  });

  it('wants a compare-at price above the price', () => {
    expect(issuesFor(withVariant({ compareAtPrice: 1999 }))['variants.0.compareAtPrice']).toMatch(/higher/);
  });

  it('does not take a currency: it is not editable here', () => {
    const parsed = productUpdateSchema.parse(withVariant({ currency: 'EUR' }));
    expect(parsed.variants[0]).not.toHaveProperty('currency');
  });

  it('refuses a category chosen twice', () => {
    expect(issuesFor({ ...valid, categoryIds: [1, 2, 1] }).categoryIds).toBe('Each category can be chosen only once');
  });

  it('refuses a variant listed twice', () => {
    const variant = valid.variants[0];
    const issues = issuesFor({ ...valid, variants: [variant, { ...variant, price: 1 }] });
    expect(issues['variants.1.id']).toBe('This variant is listed twice');
  });

  it.each(['Wool Coat', 'wool_coat', '-coat', 'coat-', 'a--b', 'x'.repeat(121)])('refuses the slug %j', (slug) => {
    expect(issuesFor({ ...valid, slug }).slug).toBeDefined();
  });

  it('refuses a NUL character in the title or description (PostgreSQL text cannot hold it)', () => {
    expect(issuesFor({ ...valid, title: 'Wool\u0000coat' }).title).toBe('Must not contain a NUL character');
    expect(issuesFor({ ...valid, description: '\u0000' }).description).toBe('Must not contain a NUL character');
  });

  it('limits text lengths and requires a title', () => {
    expect(issuesFor({ ...valid, title: '   ' }).title).toBe('Enter a title');
    expect(issuesFor({ ...valid, title: 'x'.repeat(201) }).title).toBeDefined();
    expect(issuesFor({ ...valid, description: 'x'.repeat(5001) }).description).toBeDefined();
  });

  it('requires the version the edit was based on', () => {
    expect(issuesFor({ ...valid, version: undefined }).version).toBeDefined();
  });
});
