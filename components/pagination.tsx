import Link from 'next/link';
import { categoryPath } from '@/lib/storefront/paths';

interface PaginationProps {
  categorySlug: string;
  page: number;
  hasPreviousPage: boolean;
  hasNextPage: boolean;
}

export function Pagination({ categorySlug, page, hasPreviousPage, hasNextPage }: PaginationProps) {
  return (
    <nav className="pagination" aria-label="Pages">
      {hasPreviousPage && (
        <Link rel="prev" href={categoryPath(categorySlug, page - 1)}>
          ← Previous
        </Link>
      )}
      <span>Page {page}</span>
      {hasNextPage && (
        <Link rel="next" href={categoryPath(categorySlug, page + 1)}>
          Next →
        </Link>
      )}
    </nav>
  );
}
