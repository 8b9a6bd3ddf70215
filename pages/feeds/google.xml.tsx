import type { GetServerSideProps } from 'next';
import { buildGoogleFeed } from '@/lib/feeds/google-feed';
import { serveXml } from '@/lib/feeds/serve-xml';
import { shopOrigin } from '@/lib/feeds/shop-origin';

/** The Google Merchant Center product feed (docs/surfaces.md). */
export const getServerSideProps: GetServerSideProps = async ({ req, res }) =>
  serveXml(res, await buildGoogleFeed(shopOrigin(req)));

export default function GoogleFeed() {
  return null;
}
