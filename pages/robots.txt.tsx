import type { GetServerSideProps } from 'next';
import { shopOrigin, shopOriginIsConfigured } from '@/lib/feeds/shop-origin';

/** Crawlers: the storefront pages and the sitemap; never the dashboard, the API, carts, checkout or search results. */
export const getServerSideProps: GetServerSideProps = ({ req, res }) => {
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  // Kept an hour only when the address is configured: otherwise the Sitemap line names the Host
  // this request sent, which must not be stored for anyone else.
  res.setHeader('Cache-Control', shopOriginIsConfigured() ? 'public, max-age=3600' : 'no-store');
  res.end(
    [
      'User-agent: *',
      'Disallow: /admin',
      'Disallow: /api/',
      'Disallow: /cart',
      'Disallow: /checkout/',
      'Disallow: /search',
      '',
      `Sitemap: ${shopOrigin(req)}/sitemap.xml`,
      '',
    ].join('\n'),
  );
  return Promise.resolve({ props: {} });
};

export default function Robots() {
  return null;
}
