import type { GetServerSideProps } from 'next';
import { serveXml } from '@/lib/feeds/serve-xml';
import { shopOrigin } from '@/lib/feeds/shop-origin';
import { renderSitemapIndex, renderUrlSet, sitemapEntries, sitemapFileCount } from '@/lib/feeds/sitemap';

/** /sitemap.xml: every page, or past 50,000 an index of /sitemaps/<n>.xml. */
export const getServerSideProps: GetServerSideProps = async ({ req, res }) => {
  const entries = await sitemapEntries();
  const origin = shopOrigin(req);
  return serveXml(
    res,
    sitemapFileCount(entries) > 1 ? renderSitemapIndex(origin, entries) : renderUrlSet(origin, entries),
  );
};

export default function Sitemap() {
  return null;
}
