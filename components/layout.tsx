import type { ReactNode } from 'react';
import { SHOP_NAME } from '@/lib/storefront/shop';
import { CartLink } from './cart-link';
import { IslandScript } from './island-script';
import { PageHead } from './page-head';
import type { PageSeo } from './page-meta';
import { StorefrontLink } from './storefront-link';

export { SHOP_NAME };

const DEFAULT_DESCRIPTION = `${SHOP_NAME}: clothing, bags and accessories, always at the current price.`;

/** A description search engines show whole: one line of text, at most 160 characters. */
export function metaDescription(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length <= 160 ? line : `${line.slice(0, 157).replace(/\s+\S*$/, '')}…`;
}

interface LayoutProps {
  title: string;
  /** The page's summary for search engines and link previews; clipped to 160 characters. */
  description?: string;
  children: ReactNode;
  /** The search box's text on the search page. */
  searchQuery?: string;
  /** Keeps search engines from indexing the page (search results, the cart). */
  noindex?: boolean;
  /** Where the page lives, for its canonical URL and link previews; unset on pages without an address of their own. */
  seo?: PageSeo;
  /** The header's cart count when the page knows it (the cart); otherwise the browser asks. */
  cartCount?: number;
}

export function Layout({ title, description, children, searchQuery = '', noindex, seo, cartCount }: LayoutProps) {
  const fullTitle = title === SHOP_NAME ? title : `${title} · ${SHOP_NAME}`;
  return (
    <>
      <PageHead
        fullTitle={fullTitle}
        title={title}
        description={metaDescription(description ?? DEFAULT_DESCRIPTION)}
        noindex={noindex}
        seo={seo}
      />
      <a href="#content" className="skip-link">
        Skip to content
      </a>
      <header className="site-header">
        <StorefrontLink href="/" className="brand">
          {SHOP_NAME}
        </StorefrontLink>
        <form role="search" method="get" action="/search" className="search-box">
          <label htmlFor="site-search" className="visually-hidden">
            Search products
          </label>
          <input id="site-search" type="search" name="q" defaultValue={searchQuery} placeholder="Search products" />
          <button type="submit">Search</button>
        </form>
        <nav aria-label="Shop">
          <CartLink count={cartCount} />
        </nav>
      </header>
      <main className="page" id="content" tabIndex={-1}>
        {children}
      </main>
      <footer className="site-footer">Prices shown are always the current ones.</footer>
      <IslandScript />
    </>
  );
}
