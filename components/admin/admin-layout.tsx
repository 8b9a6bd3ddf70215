import Head from 'next/head';
import Link from 'next/link';
import { useRouter } from 'next/router';
import type { ReactNode } from 'react';
import type { AdminIdentity } from '@/lib/admin/session';

export function AdminLayout({ admin, title, children }: { admin: AdminIdentity; title: string; children: ReactNode }) {
  const router = useRouter();
  async function logOut(everywhere: boolean): Promise<void> {
    await fetch('/api/admin/logout', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ everywhere }),
    });
    await router.push('/admin/login');
  }
  return (
    <>
      <Head>
        <title>{`${title} · Admin`}</title>
        <meta name="robots" content="noindex" />
      </Head>
      <header className="admin-header">
        <Link href="/admin" className="brand">
          Shop admin
        </Link>
        <nav>
          <Link href="/admin">Products</Link>
          <Link href="/admin/orders">Orders</Link>
          <Link href="/admin/bulk">Bulk price change</Link>
          <Link href="/admin/purges">Page purges</Link>
          <Link href="/admin/webhooks">Webhooks</Link>
          <Link href="/" target="_blank">
            View shop ↗
          </Link>
        </nav>
        <span className="admin-user">
          {admin.email}{' '}
          <button type="button" onClick={() => void logOut(false)}>
            Log out
          </button>{' '}
          <button type="button" onClick={() => void logOut(true)} title="Also signs out every other browser">
            Log out everywhere
          </button>
        </span>
      </header>
      <main className="page admin">
        <h1>{title}</h1>
        {children}
      </main>
    </>
  );
}
