import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { listingTrail, productTrails } from './breadcrumb-trail';
import { Breadcrumbs } from './breadcrumbs';

const ORIGIN = 'https://shop.example.com';

function jsonLdOf(html: string): unknown {
  const text = /<script type="application\/ld\+json">(.*?)<\/script>/s.exec(html)?.[1];
  return text === undefined ? undefined : JSON.parse(text);
}

describe('Breadcrumbs', () => {
  it('shows the trail its JSON-LD describes: links up to the current page, which is not a link', () => {
    const html = renderToStaticMarkup(
      Breadcrumbs({ trails: [listingTrail({ slug: 'coats', name: 'Coats' }, 2)], origin: ORIGIN }),
    );
    expect(html).toContain('<nav class="breadcrumbs" aria-label="Breadcrumb"><ol>');
    expect(html).toContain('<li><a href="/">Home</a></li><li><a href="/categories/coats">Coats</a></li>');
    expect(html).toContain('<li aria-current="page">Page 2</li></ol>');
    expect(jsonLdOf(html)).toMatchObject({
      '@type': 'BreadcrumbList',
      itemListElement: [{ name: 'Home' }, { name: 'Coats' }, { name: 'Page 2' }],
    });
  });

  it('shows one trail per category, and a list of lists in its JSON-LD', () => {
    const trails = productTrails({
      slug: 'wool-coat',
      title: 'Wool coat',
      categories: [
        { slug: 'coats', name: 'Coats' },
        { slug: 'outerwear', name: 'Outerwear' },
      ],
    });
    const html = renderToStaticMarkup(Breadcrumbs({ trails, origin: ORIGIN }));
    expect(html.match(/<ol>/g)).toHaveLength(2);
    expect(jsonLdOf(html)).toHaveLength(2);
  });

  it('escapes "<" so a name cannot end the script element', () => {
    const trails = [listingTrail({ slug: 'odd', name: '</script><script>alert(1)</script>' }, 1)];
    const html = renderToStaticMarkup(Breadcrumbs({ trails, origin: ORIGIN }));
    expect(html.match(/<\/script>/g)).toHaveLength(1);
    expect(jsonLdOf(html)).toMatchObject({ itemListElement: [{}, { name: '</script><script>alert(1)</script>' }] });
  });

  it('writes no JSON-LD without the shop’s origin (its URLs must be absolute)', () => {
    const html = renderToStaticMarkup(
      Breadcrumbs({ trails: [listingTrail({ slug: 'coats', name: 'Coats' }, 1)], origin: null }),
    );
    expect(html).toContain('<li aria-current="page">Coats</li>');
    expect(html).not.toContain('application/ld+json');
  });
});
