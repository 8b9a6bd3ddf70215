import { useEffect, useState } from 'react';
import type { BulkPriceJobView } from '@/lib/catalog/bulk-price-jobs';
import type { BulkPriceRow, BulkPriceTotals, PriceAdjustment } from '@/lib/catalog/bulk-price-rules';
import { parseDecimal } from '@/lib/money/money';
import { SHOP_CURRENCY } from '@/lib/money/shop-currency';
import type { BulkPricePreviewInput } from '@/lib/validations/bulk-price';

export interface BulkPreview {
  /** Exactly what was previewed: Apply sends this, never the fields as edited since. */
  request: Omit<BulkPricePreviewInput, 'page'>;
  /** One page of the rows; the totals cover them all. */
  rows: BulkPriceRow[];
  totals: BulkPriceTotals;
  page: number;
  pageCount: number;
  /** Names the versions the preview saw: the job is refused if any moved since. */
  previewToken: string;
}

export type BulkOutcome = { kind: 'conflict' | 'error'; message: string };

/** How often the page asks for a running job's progress. */
const PROGRESS_POLL_MS = 500;

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
  const message = body.message ?? `Apply failed (${status})`;
  return { kind: status === 409 ? 'conflict' : 'error', message };
}

async function send(method: 'GET' | 'POST', url: string, payload?: unknown): Promise<ApiResponse> {
  const response = await fetch(url, {
    method,
    headers: { 'Content-Type': 'application/json' },
    body: payload === undefined ? undefined : JSON.stringify(payload),
  });
  return { status: response.status, body: (await response.json()) as ApiResponse['body'] };
}

const post = (url: string, payload: unknown) => send('POST', url, payload);

/** Follows a running job until it ends; the returned function stops following. */
function followJob(id: number, onJob: (job: BulkPriceJobView) => void): () => void {
  let stopped = false;
  const tick = async () => {
    const { status, body } = await send('GET', `/api/admin/bulk-price/jobs/${id}`).catch(() => ({
      status: 0,
      body: {},
    }));
    if (stopped) return;
    const job = status === 200 ? (body as { job: BulkPriceJobView }).job : null;
    if (job) onJob(job);
    if (!job || job.status === 'RUNNING') setTimeout(() => void tick(), PROGRESS_POLL_MS);
  };
  void tick();
  return () => {
    stopped = true;
  };
}

/**
 * State and actions of the bulk price change page: edit, preview, then apply exactly what was
 * previewed, as a job whose progress the page follows. With `productIds` (a selection from the
 * product list) the change targets those. `running` is a job already running when the page
 * loaded (started before a restart, or from another tab): the page follows it too.
 */
export function useBulkPriceChange(
  firstCategoryId: number | undefined,
  productIds?: number[],
  running?: BulkPriceJobView,
) {
  const [fields, setFieldsState] = useState<BulkFields>({
    categoryId: String(firstCategoryId ?? ''),
    kind: 'percent',
    value: '',
  });
  const [errors, setErrors] = useState<BulkFieldErrors>({});
  const [preview, setPreview] = useState<BulkPreview | null>(null);
  const [outcome, setOutcome] = useState<BulkOutcome | null>(null);
  const [busy, setBusy] = useState(false);
  const [job, setJob] = useState<BulkPriceJobView | null>(running ?? null);
  const followed = job?.status === 'RUNNING' ? job.id : null;

  useEffect(() => (followed === null ? undefined : followJob(followed, setJob)), [followed]);

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

  const requestPreview = (page = 1) =>
    run(async () => {
      const { errors: found, request } = checkFields(fields, productIds);
      setErrors(found);
      if (!request) return setPreview(null);
      const { status, body } = await post('/api/admin/bulk-price/preview', { ...request, page });
      if (status === 200) return setPreview({ request, ...(body as unknown as Omit<BulkPreview, 'request'>) });
      setPreview(null);
      setErrors(fieldErrorsOf(body));
      setOutcome({ kind: 'error', message: body.message ?? `Preview failed (${status})` });
    });

  const apply = (current: BulkPreview) =>
    run(async () => {
      const response = await post('/api/admin/bulk-price/apply', {
        ...current.request,
        previewToken: current.previewToken,
      });
      setPreview(null);
      if (response.status === 202) setJob((response.body as unknown as { job: BulkPriceJobView }).job);
      else setOutcome(outcomeOfApply(response));
    });

  const cancel = (id: number) =>
    run(async () => {
      const { status, body } = await post(`/api/admin/bulk-price/jobs/${id}/cancel`, {});
      if (status === 200) setJob((body as unknown as { job: BulkPriceJobView }).job);
      else setOutcome({ kind: 'error', message: body.message ?? `Cancel failed (${status})` });
    });

  const jobRunning = job?.status === 'RUNNING';
  const canApply =
    preview !== null && preview.totals.changed > 0 && preview.totals.refused === 0 && !busy && !jobRunning;
  return { fields, setFields, errors, preview, outcome, job, busy, canApply, requestPreview, apply, cancel };
}

export type BulkPriceChange = ReturnType<typeof useBulkPriceChange>;
