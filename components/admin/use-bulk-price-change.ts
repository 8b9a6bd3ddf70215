import { useState } from 'react';
import type { BulkPriceRow, BulkPriceTotals, PriceAdjustment } from '@/lib/catalog/bulk-price-rules';
import { parseDecimal } from '@/lib/money/money';
import { SHOP_CURRENCY } from '@/lib/money/shop-currency';
import type { PurgeResult } from '@/lib/revalidation/purge-result';
import type { BulkPricePreviewInput } from '@/lib/validations/bulk-price';

export interface BulkPreview {
  /** Exactly what was previewed: Apply sends this, never the fields as edited since. */
  request: BulkPricePreviewInput;
  rows: BulkPriceRow[];
  totals: BulkPriceTotals;
}

export type BulkOutcome =
  { kind: 'applied'; updated: number; results: PurgeResult[] } | { kind: 'conflict' | 'error'; message: string };

export type BulkFields = { categoryId: string; kind: PriceAdjustment['kind']; value: string };
export type BulkFieldErrors = Partial<Record<keyof BulkFields, string>>;

interface ApiBody {
  message?: string;
  issues?: { path: (string | number)[]; message: string }[];
}

type ApiResponse = { status: number; body: ApiBody & Record<string, unknown> };

/** The adjustment as typed: a percent like "-10" or "12.5", or an amount like "-2.50" in USD. */
function parseAdjustment(fields: BulkFields): PriceAdjustment | string {
  const text = fields.value.trim().replace(/^\+/, '');
  if (fields.kind === 'percent') {
    return /^-?\d+(\.\d{1,2})?$/.test(text)
      ? { kind: 'percent', percent: Number(text) }
      : 'Enter a percentage like -10 or 12.5';
  }
  try {
    return { kind: 'fixed', amountMinor: parseDecimal(text, SHOP_CURRENCY).amount };
  } catch {
    return `Enter an amount like -2.50 (${SHOP_CURRENCY})`;
  }
}

/** The errors of the fields as typed, and the preview request once there are none. */
function checkFields(
  fields: BulkFields,
  productIds: number[] | undefined,
): { errors: BulkFieldErrors; request?: BulkPricePreviewInput } {
  const adjustment = parseAdjustment(fields);
  const categoryId = Number(fields.categoryId);
  const errors: BulkFieldErrors = {};
  if (typeof adjustment === 'string') errors.value = adjustment;
  if (!productIds && !categoryId) errors.categoryId = 'Choose a category';
  if (typeof adjustment === 'string' || (!productIds && !categoryId)) return { errors };
  return { errors, request: { target: productIds ? { productIds } : { categoryId }, adjustment } };
}

function fieldErrorsOf(body: ApiBody): BulkFieldErrors {
  const errors: BulkFieldErrors = {};
  for (const { path, message } of body.issues ?? []) errors[path[0] === 'target' ? 'categoryId' : 'value'] ??= message;
  return errors;
}

function outcomeOfApply({ status, body }: ApiResponse): BulkOutcome {
  if (status === 200) return { kind: 'applied', ...(body as unknown as { updated: number; results: PurgeResult[] }) };
  const message = body.message ?? `Apply failed (${status})`;
  return { kind: status === 409 ? 'conflict' : 'error', message };
}

async function post(url: string, payload: unknown): Promise<ApiResponse> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(payload),
  });
  return { status: response.status, body: (await response.json()) as ApiResponse['body'] };
}

/**
 * State and actions of the bulk price change page: edit, preview, then apply exactly what was
 * previewed. With `productIds` (a selection from the product list) the change targets those.
 */
export function useBulkPriceChange(firstCategoryId: number | undefined, productIds?: number[]) {
  const [fields, setFieldsState] = useState<BulkFields>({
    categoryId: String(firstCategoryId ?? ''),
    kind: 'percent',
    value: '',
  });
  const [errors, setErrors] = useState<BulkFieldErrors>({});
  const [preview, setPreview] = useState<BulkPreview | null>(null);
  const [outcome, setOutcome] = useState<BulkOutcome | null>(null);
  const [busy, setBusy] = useState(false);

  // Any edit invalidates the preview: Apply must only ever send what the admin has seen.
  const setFields = (next: Partial<BulkFields>) => {
    setFieldsState({ ...fields, ...next });
    setPreview(null);
  };

  async function run(action: () => Promise<void>): Promise<void> {
    setBusy(true);
    setOutcome(null);
    try {
      await action();
    } catch (error) {
      setOutcome({ kind: 'error', message: error instanceof Error ? error.message : 'Request failed' });
    } finally {
      setBusy(false);
    }
  }

  const requestPreview = () =>
    run(async () => {
      const { errors: found, request } = checkFields(fields, productIds);
      setErrors(found);
      setPreview(null);
      if (!request) return;
      const { status, body } = await post('/api/admin/bulk-price/preview', request);
      if (status === 200) return setPreview({ request, ...(body as unknown as Omit<BulkPreview, 'request'>) });
      setErrors(fieldErrorsOf(body));
      setOutcome({ kind: 'error', message: body.message ?? `Preview failed (${status})` });
    });

  const apply = (current: BulkPreview) =>
    run(async () => {
      const expectedVersions = Object.fromEntries(current.rows.map((row) => [row.variantId, row.version]));
      const response = await post('/api/admin/bulk-price/apply', { ...current.request, expectedVersions });
      setPreview(null);
      setOutcome(outcomeOfApply(response));
    });

  const canApply = preview !== null && preview.totals.changed > 0 && preview.totals.refused === 0 && !busy;
  return { fields, setFields, errors, preview, outcome, busy, canApply, requestPreview, apply };
}

export type BulkPriceChange = ReturnType<typeof useBulkPriceChange>;
