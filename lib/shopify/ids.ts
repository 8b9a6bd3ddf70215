import { parseGid } from '@shopify/hydrogen-react';

/** The id in `gid://shopify/Product/123`, via hydrogen-react's parser. */
export function shopifyIdOf(gid: string): string {
  return parseGid(gid).id;
}
