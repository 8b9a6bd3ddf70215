import Link from 'next/link';
import type { CategoryLink } from '@/lib/catalog/types';

export function CategoryList({ categories }: { categories: CategoryLink[] }) {
  return (
    <ul className="category-list">
      {categories.map((category) => (
        <li key={category.slug}>
          <Link href={`/categories/${category.slug}`}>{category.name}</Link>
        </li>
      ))}
    </ul>
  );
}
