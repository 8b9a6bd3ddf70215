import { useState } from 'react';
import type { ProductForEdit } from '@/lib/catalog/product-for-edit';
import { MAX_PRICE_MINOR, priceTooHighMessage } from '@/lib/money/limits';
import { parseDecimal, toDecimalString } from '@/lib/money/money';
import type { PurgeResult } from '@/lib/revalidation/purge-result';

export interface VariantDraft {
  id: number;
  sku: string;
  title: string;
  /** The variant's option values, shown read-only ("Size: M"). */
  options: { name: string; value: string }[];
  currency: string;
  price: string;
  compareAtPrice: string;
  stock: string;
}

export type SaveOutcome =
  | { kind: 'saved'; results: PurgeResult[] }
  | { kind: 'conflict'; message: string }
  | { kind: 'invalid'; message: string }
  | { kind: 'error'; message: string };

function draftsOf(product: ProductForEdit): VariantDraft[] {
  return product.variants.map((v) => ({
    id: v.id,
    sku: v.sku,
    title: v.title,
    options: v.options,
    currency: v.currency,
    price: toDecimalString({ amount: v.price, currency: v.currency }),
    compareAtPrice:
      v.compareAtPrice === null ? '' : toDecimalString({ amount: v.compareAtPrice, currency: v.currency }),
    stock: String(v.stock),
  }));
}

/** Parses what the admin typed; amounts in the currency's decimals ("19.99"), sent as minor units. */
function parseVariants(drafts: VariantDraft[], errors: Record<string, string>) {
  return drafts.map((draft, i) => {
    const money = (text: string, field: string): number | null => {
      try {
        const { amount } = parseDecimal(text, draft.currency);
        if (amount > MAX_PRICE_MINOR) errors[`variants.${i}.${field}`] = priceTooHighMessage(draft.currency);
        return amount;
      } catch {
        errors[`variants.${i}.${field}`] =
          `Enter an amount like ${toDecimalString({ amount: 1999, currency: draft.currency })}`;
        return null;
      }
    };
    const stock = /^\d+$/.test(draft.stock.trim()) ? Number(draft.stock) : NaN;
    if (Number.isNaN(stock)) errors[`variants.${i}.stock`] = 'Enter a whole number';
    return {
      id: draft.id,
      price: money(draft.price, 'price'),
      compareAtPrice: draft.compareAtPrice.trim() === '' ? null : money(draft.compareAtPrice, 'compareAtPrice'),
      stock,
    };
  });
}

interface ApiError {
  message?: string;
  issues?: { path: (string | number)[]; message: string }[];
  details?: { fields?: Record<string, string>; currentVersion?: number };
}

export function useProductForm(product: ProductForEdit) {
  const [fields, setFields] = useState({
    slug: product.slug,
    title: product.title,
    description: product.description,
    status: product.status,
    featured: product.featured,
    categoryIds: product.categoryIds,
  });
  const [variants, setVariants] = useState(() => draftsOf(product));
  const [version, setVersion] = useState(product.version);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [outcome, setOutcome] = useState<SaveOutcome | null>(null);
  const [saving, setSaving] = useState(false);

  async function save(): Promise<void> {
    const found: Record<string, string> = {};
    const parsed = parseVariants(variants, found);
    setErrors(found);
    setOutcome(null);
    if (Object.keys(found).length > 0) return setOutcome({ kind: 'invalid', message: 'Fix the marked fields.' });
    setSaving(true);
    try {
      const response = await fetch(`/api/admin/products/${product.id}`, {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ ...fields, version, variants: parsed }),
      });
      const body = (await response.json()) as ApiError & { version?: number; results?: PurgeResult[] };
      if (response.ok && body.results && body.version) {
        setVersion(body.version);
        return setOutcome({ kind: 'saved', results: body.results });
      }
      if (response.status === 409) return setOutcome({ kind: 'conflict', message: body.message ?? 'Conflict' });
      if (response.status === 400 || response.status === 422) {
        const fieldErrors = { ...(body.details?.fields ?? {}) };
        for (const issue of body.issues ?? []) fieldErrors[issue.path.join('.')] = issue.message;
        setErrors(fieldErrors);
        return setOutcome({ kind: 'invalid', message: body.message ?? 'Fix the marked fields.' });
      }
      setOutcome({ kind: 'error', message: body.message ?? `Save failed (${response.status})` });
    } catch (error) {
      setOutcome({ kind: 'error', message: error instanceof Error ? error.message : 'Save failed' });
    } finally {
      setSaving(false);
    }
  }

  return { fields, setFields, variants, setVariants, errors, outcome, saving, save };
}
