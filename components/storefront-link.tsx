import type { AnchorHTMLAttributes } from 'react';

/**
 * A link to a storefront page (home, a listing, a product) from a page that runs React (the cart,
 * checkout). Storefront pages ship without Next's runtime and get their scripts from the island
 * (islands/), so they must load as documents: next/link would render them on the client, where
 * the island never runs and the variant picker would stay disabled.
 */
export function StorefrontLink(props: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }) {
  return <a {...props} />;
}
