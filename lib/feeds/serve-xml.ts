import type { ServerResponse } from 'node:http';

/**
 * Answers a feed or sitemap from getServerSideProps. Built from the database on every request
 * and never stored (the edge passes these paths too), so it cannot show a price a page no
 * longer shows.
 */
export function serveXml(res: ServerResponse, xml: string): { props: Record<string, never> } {
  res.setHeader('Content-Type', 'application/xml; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.end(xml);
  return { props: {} };
}
