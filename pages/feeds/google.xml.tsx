import type { GetServerSideProps } from 'next';
import { serveStoredDocument } from '@/lib/feeds/serve-xml';
import { FEED_PATH } from '@/lib/storefront/paths';

/** The Google Merchant Center product feed, rebuilt by the purge (docs/surfaces.md). */
export const getServerSideProps: GetServerSideProps = ({ req, res }) => serveStoredDocument(req, res, FEED_PATH);

export default function GoogleFeed() {
  return null;
}
