import { useRouter } from 'next/router';
import { useState } from 'react';
import type { PurgeResult } from '@/lib/revalidation/purge-result';
import { PurgeResults } from './purge-results';

interface Props {
  productId: number;
  /** The product's categories, by name. */
  categories: { id: number; name: string }[];
}

/** "Move to the front of <category>": one button per category the product is in. */
export function MoveToFront({ productId, categories }: Props) {
  const router = useRouter();
  const [results, setResults] = useState<PurgeResult[] | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  async function move(categoryId: number): Promise<void> {
    const response = await fetch(`/api/admin/products/${productId}/move-to-front`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ categoryId }),
    });
    const body = (await response.json()) as { results?: PurgeResult[]; message?: string };
    setResults(body.results ?? null);
    setMessage(response.ok ? null : (body.message ?? `HTTP ${response.status}`));
    // The product's version moved: the form above reloads from it.
    if (response.ok) await router.replace(router.asPath);
  }
  if (categories.length === 0) return null;
  return (
    <section className="move-to-front">
      <h2>Merchandising</h2>
      <ul>
        {categories.map((category) => (
          <li key={category.id}>
            <button type="button" data-category-id={category.id} onClick={() => void move(category.id)}>
              Move to the front of {category.name}
            </button>
          </li>
        ))}
      </ul>
      {message && <p role="alert">{message}</p>}
      {results && <PurgeResults results={results} />}
    </section>
  );
}
