import Head from 'next/head';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { CartLink } from './cart-link';

export const SHOP_NAME = 'Fresh Price Supply Co.';

interface LayoutProps {
  title: string;
  children: ReactNode;
  /** The search box's text on the search page. */
  searchQuery?: string;
}

export function Layout({ title, children, searchQuery = '' }: LayoutProps) {
  const fullTitle = title === SHOP_NAME ? title : `${title} · ${SHOP_NAME}`;
  return (
    <>
      <Head>
        <title>{fullTitle}</title>
      </Head>
      <header className="site-header">
        <Link href="/" className="brand">
          {SHOP_NAME}
        </Link>
        <form role="search" method="get" action="/search" className="search-box">
          <label htmlFor="site-search" className="visually-hidden">
            Search products
          </label>
          <input id="site-search" type="search" name="q" defaultValue={searchQuery} placeholder="Search products" />
          <button type="submit">Search</button>
        </form>
        <nav aria-label="Shop">
          <CartLink />
        </nav>
      </header>
      <main className="page">{children}</main>
      <footer className="site-footer">Prices shown are always the current ones.</footer>
    </>
  );
}
