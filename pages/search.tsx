import type { GetServerSideProps } from 'next';
import Link from 'next/link';
import { CategoryList } from '@/components/category-list';
import { Layout } from '@/components/layout';
import { ProductGrid } from '@/components/product-card';
import type { CategoryLink } from '@/lib/catalog/types';
import { listCategories } from '@/lib/catalog/storefront';
import { normalizeQuery, searchProducts, type SearchResults } from '@/lib/search/search-products';
import { dbIdOrNull } from '@/lib/validations/db-id';

/** No Next runtime in the browser: the page's few scripts are the storefront island (islands/). */
export const config = { unstable_runtimeJS: false };

interface SearchPageProps {
  results: SearchResults;
  /** Offered when nothing matches. */
  categories: CategoryLink[];
}

/**
 * Rendered per request from the database (never cached: the edge passes /search), so every
 * price it shows is the current one.
 */
export const getServerSideProps: GetServerSideProps<SearchPageProps> = async ({ query, res }) => {
  res.setHeader('Cache-Control', 'private, no-store');
  const page = Math.min(dbIdOrNull(query.page) ?? 1, 1000);
  const results = await searchProducts(normalizeQuery(query.q), page);
  const categories = results.total === 0 ? await listCategories() : [];
  return { props: { results, categories } };
};

const pageHref = (query: string, page: number) =>
  `/search?${new URLSearchParams({ q: query, ...(page > 1 ? { page: String(page) } : {}) }).toString()}`;

export default function SearchPage({ results, categories }: SearchPageProps) {
  const { query, page, total, pageCount, products } = results;
  return (
    // Results are not indexed (robots.txt keeps crawlers out too), so they name no canonical.
    <Layout title={query ? `Search: ${query}` : 'Search'} searchQuery={query} noindex>
      <h1>{query ? `Results for “${query}”` : 'Search'}</h1>
      {query === '' && <p>Type a product name, a word from its description, or a SKU.</p>}
      {query !== '' && total === 0 && (
        <section className="no-results" aria-labelledby="no-results-heading">
          <h2 id="no-results-heading">Nothing matches “{query}”</h2>
          <p>Try a shorter or more general word, check the spelling, or browse a category:</p>
          <CategoryList categories={categories} />
        </section>
      )}
      {total > 0 && (
        <>
          <p className="result-count" data-result-count={total}>
            {total === 1 ? '1 product' : `${total} products`}
            {pageCount > 1 && ` · page ${page} of ${pageCount}`}
          </p>
          <ProductGrid products={products} />
          {pageCount > 1 && (
            <nav className="pagination" aria-label="Result pages">
              {page > 1 && (
                <Link rel="prev" href={pageHref(query, page - 1)}>
                  ← Previous
                </Link>
              )}
              <span>Page {page}</span>
              {page < pageCount && (
                <Link rel="next" href={pageHref(query, page + 1)}>
                  Next →
                </Link>
              )}
            </nav>
          )}
        </>
      )}
    </Layout>
  );
}
