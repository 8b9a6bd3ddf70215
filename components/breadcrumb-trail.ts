/**
 * Breadcrumb trails: the visible navigation and the `BreadcrumbList` JSON-LD are built from the
 * same trails, so they cannot disagree. A product listed in several categories has one trail per
 * category (Google reads several trails on one page), in the order the catalog gives them.
 */
import type { CategoryLink, ProductPageData } from '@/lib/catalog/types';
import { categoryPath, HOME_PATH, productPath } from '@/lib/storefront/paths';
import { absoluteUrl } from '@/lib/storefront/paths';

export interface Crumb {
  name: string;
  path: string;
}

const HOME: Crumb = { name: 'Home', path: HOME_PATH };

/** Home › category › product, once per category the product is listed in (Home › product when none). */
export function productTrails({ slug, title, categories }: Pick<ProductPageData, 'slug' | 'title' | 'categories'>) {
  const product: Crumb = { name: title, path: productPath(slug) };
  if (categories.length === 0) return [[HOME, product]];
  return categories.map((category) => [HOME, categoryCrumb(category), product]);
}

/** Home › category, and › Page n past the first page. */
export function listingTrail(category: CategoryLink, page: number): Crumb[] {
  const later = page > 1 ? [{ name: `Page ${page}`, path: categoryPath(category.slug, page) }] : [];
  return [HOME, categoryCrumb(category), ...later];
}

function categoryCrumb({ slug, name }: CategoryLink): Crumb {
  return { name, path: categoryPath(slug) };
}

/** schema.org BreadcrumbList data: one object per trail, positions from 1, absolute URLs on `origin`. */
export function breadcrumbListJsonLd(trails: Crumb[][], origin: string) {
  return trails.map((trail) => ({
    '@context': 'https://schema.org',
    '@type': 'BreadcrumbList',
    itemListElement: trail.map((crumb, index) => ({
      '@type': 'ListItem',
      position: index + 1,
      name: crumb.name,
      item: absoluteUrl(origin, crumb.path),
    })),
  }));
}
