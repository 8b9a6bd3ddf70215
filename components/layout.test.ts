import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Layout, metaDescription } from './layout';

describe('Layout', () => {
  it('gives every page a skip link to its main content and a labelled search box', () => {
    const html = renderToStaticMarkup(Layout({ title: 'Coat', children: 'body' }));
    expect(html).toMatch(/^<a href="#content" class="skip-link">Skip to content<\/a>/);
    expect(html).toContain('<main class="page" id="content" tabindex="-1">body</main>');
    const form = /<form[^>]*>/.exec(html)?.[0] ?? '';
    expect(form).toContain('role="search"');
    expect(form).toContain('action="/search"');
    expect(html).toContain('<label for="site-search" class="visually-hidden">Search products</label>');
  });
});

describe('metaDescription', () => {
  it('keeps a short description as one line', () => {
    expect(metaDescription('  Warm wool coat.\n\nDeep pockets. ')).toBe('Warm wool coat. Deep pockets.');
  });

  it('cuts a long one at a word, within 160 characters', () => {
    const cut = metaDescription('Warm wool coat with deep pockets. '.repeat(10));
    expect(cut.length).toBeLessThanOrEqual(160);
    expect(cut).toMatch(/[a-z.]…$/);
    expect('Warm wool coat with deep pockets. '.repeat(10)).toContain(cut.slice(0, -1));
  });
});
