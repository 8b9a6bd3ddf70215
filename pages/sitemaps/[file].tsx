import type { GetServerSideProps } from 'next';
import { serveStoredDocument } from '@/lib/feeds/serve-xml';
import { isSitemapFilePath } from '@/lib/storefront/paths';

/** /sitemaps/<n>.xml: the n-th 50,000 pages, when /sitemap.xml is an index. */
export const getServerSideProps: GetServerSideProps<Record<string, never>, { file: string }> = async ({
  params,
  req,
  res,
}) => {
  const path = `/sitemaps/${params?.file ?? ''}`;
  return isSitemapFilePath(path) ? serveStoredDocument(req, res, path) : { notFound: true };
};

export default function SitemapFile() {
  return null;
}
