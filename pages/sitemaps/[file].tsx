import type { GetServerSideProps } from 'next';
import { serveXml } from '@/lib/feeds/serve-xml';
import { shopOrigin } from '@/lib/feeds/shop-origin';
import { renderUrlSet, sitemapEntries, sitemapFileCount } from '@/lib/feeds/sitemap';

/** /sitemaps/<n>.xml: the n-th 50,000 pages, when /sitemap.xml is an index. */
export const getServerSideProps: GetServerSideProps<Record<string, never>, { file: string }> = async ({
  params,
  req,
  res,
}) => {
  const match = /^([1-9]\d{0,4})\.xml$/.exec(params?.file ?? '');
  if (!match) return { notFound: true };
  const entries = await sitemapEntries();
  const n = Number(match[1]);
  const count = sitemapFileCount(entries);
  if (count === 1 || n > count) return { notFound: true };
  return serveXml(res, renderUrlSet(shopOrigin(req), entries, n));
};

export default function SitemapFile() {
  return null;
}
