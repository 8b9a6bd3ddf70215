import type { GetServerSideProps } from 'next';
import { serveStoredDocument } from '@/lib/feeds/serve-xml';
import { SITEMAP_PATH } from '@/lib/storefront/paths';

/** /sitemap.xml: every page, or past 50,000 an index of /sitemaps/<n>.xml; rebuilt by the purge. */
export const getServerSideProps: GetServerSideProps = ({ req, res }) => serveStoredDocument(req, res, SITEMAP_PATH);

export default function Sitemap() {
  return null;
}
