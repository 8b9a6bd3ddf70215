/**
 * What a storefront page tells search engines and link previews (canonical, Open Graph, Twitter),
 * as plain values the <PageHead> renders. Pure, so each rule is tested without rendering.
 */
import type { ImageView } from '@/lib/catalog/types';
import { absoluteUrl } from '@/lib/storefront/paths';
import { SHOP_NAME } from '@/lib/storefront/shop';

/** The parts of a page's head that name where it lives. */
export interface PageSeo {
  /** The shop's public origin (PUBLIC_SHOP_URL); null: tags that need an absolute URL are left out. */
  origin: string | null;
  /** The page's own path, never with a query: its canonical URL and og:url. */
  path: string;
  type?: 'website' | 'product';
  /** The picture a shared link shows. */
  image?: ImageView | null;
  /** A paginated listing's neighbours. */
  previousPath?: string | null;
  nextPath?: string | null;
}

export interface HeadMetaInput {
  title: string;
  description: string;
  /** Pages search engines must not index (search results, the cart): they get no canonical either. */
  noindex?: boolean;
  /** Omitted on pages that have no address of their own worth naming (404, search, the cart). */
  seo?: PageSeo;
}

export interface HeadMeta {
  robots: string | null;
  canonical: string | null;
  previous: string | null;
  next: string | null;
  /** [property, content] pairs, in the order written. */
  openGraph: [string, string][];
  /** [name, content] pairs. */
  twitter: [string, string][];
}

// X (Twitter) and Facebook render JPEG, PNG, WebP and GIF previews, not SVG: an SVG would
// announce a large picture card that shows none.
const PREVIEWABLE_IMAGE = /\.(jpe?g|png|webp|gif)(\?.*)?$/i;

export function headMeta({ title, description, noindex = false, seo }: HeadMetaInput): HeadMeta {
  const origin = seo?.origin ?? null;
  const url = !noindex && origin && seo ? absoluteUrl(origin, seo.path) : null;
  // Neighbours may stay relative: unlike a canonical, they do not claim the page's own address.
  const neighbour = (path: string | null | undefined) => (path ? (origin ? absoluteUrl(origin, path) : path) : null);
  const image = origin && seo?.image && PREVIEWABLE_IMAGE.test(seo.image.url) ? seo.image : null;
  const openGraph: [string, string][] = [
    ['og:site_name', SHOP_NAME],
    ['og:type', seo?.type ?? 'website'],
    ['og:title', title],
    ['og:description', description],
    ...(url ? [['og:url', url] as [string, string]] : []),
    ...(image && origin ? imageTags(origin, image) : []),
  ];
  return {
    robots: noindex ? 'noindex' : null,
    canonical: url,
    previous: neighbour(seo?.previousPath),
    next: neighbour(seo?.nextPath),
    openGraph,
    twitter: [
      ['twitter:card', image ? 'summary_large_image' : 'summary'],
      ['twitter:title', title],
      ['twitter:description', description],
    ],
  };
}

function imageTags(origin: string, image: ImageView): [string, string][] {
  return [
    ['og:image', absoluteUrl(origin, image.url)],
    ['og:image:width', String(image.width)],
    ['og:image:height', String(image.height)],
    ['og:image:alt', image.alt],
  ];
}
