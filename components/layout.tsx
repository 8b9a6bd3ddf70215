import Head from 'next/head';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { CartLink } from './cart-link';

export const SHOP_NAME = 'Fresh Price Supply Co.';

export function Layout({ title, children }: { title: string; children: ReactNode }) {
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
        <nav aria-label="Shop">
          <CartLink />
        </nav>
      </header>
      <main className="page">{children}</main>
      <footer className="site-footer">Prices shown are always the current ones.</footer>
    </>
  );
}
