import Link from 'next/link';
import type { AdminCategoryOption } from '@/lib/catalog/admin-categories';
import { SHOP_CURRENCY } from '@/lib/money/shop-currency';
import type { BulkPriceChange } from './use-bulk-price-change';

interface Props {
  categories: AdminCategoryOption[];
  bulk: BulkPriceChange;
  /** Products chosen on the product list; when given, the change applies to them, not a category. */
  selection?: { id: number; title: string }[];
}

function FieldError({ children }: { children?: string }) {
  return children ? (
    <span className="field-error" role="alert">
      {children}
    </span>
  ) : null;
}

function SelectionField({ selection }: { selection: { id: number; title: string }[] }) {
  return (
    <fieldset className="bulk-selection">
      <legend>Selected products ({selection.length})</legend>
      <ul>
        {selection.map((product) => (
          <li key={product.id}>{product.title}</li>
        ))}
      </ul>
      <Link href="/admin/bulk">Change a whole category instead</Link>
    </fieldset>
  );
}

function CategoryField({ categories, bulk: { fields, setFields, errors } }: Props) {
  return (
    <>
      <label htmlFor="categoryId">Category</label>
      <select id="categoryId" value={fields.categoryId} onChange={(e) => setFields({ categoryId: e.target.value })}>
        {categories.map((c) => (
          <option key={c.id} value={c.id}>
            {c.name} ({c.productCount} products)
          </option>
        ))}
      </select>
      <FieldError>{errors.categoryId}</FieldError>
    </>
  );
}

function AdjustmentFields({ bulk: { fields, setFields, errors } }: Pick<Props, 'bulk'>) {
  return (
    <>
      <fieldset>
        <legend>Change prices</legend>
        {(['percent', 'fixed'] as const).map((kind) => (
          <label key={kind} style={{ display: 'inline-block', marginRight: '1rem', fontWeight: 'normal' }}>
            <input type="radio" name="kind" checked={fields.kind === kind} onChange={() => setFields({ kind })} />{' '}
            {kind === 'percent' ? 'By percentage' : 'By fixed amount'}
          </label>
        ))}
      </fieldset>
      <label htmlFor="value">{fields.kind === 'percent' ? 'Change in %' : `Change in ${SHOP_CURRENCY}`}</label>
      <input
        id="value"
        type="text"
        inputMode="decimal"
        placeholder={fields.kind === 'percent' ? '-10' : '2.50'}
        value={fields.value}
        aria-invalid={errors.value ? true : undefined}
        onChange={(e) => setFields({ value: e.target.value })}
      />
      <FieldError>{errors.value}</FieldError>
    </>
  );
}

/** Category (or the selection) and adjustment, then Preview; Apply stays disabled until a preview can be applied. */
export function BulkPriceForm({ categories, bulk, selection }: Props) {
  const { preview, busy, canApply } = bulk;
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        void bulk.requestPreview();
      }}
    >
      {selection ? <SelectionField selection={selection} /> : <CategoryField categories={categories} bulk={bulk} />}
      <AdjustmentFields bulk={bulk} />
      <p>
        Percent results round half away from zero to the cent. A price the change would take below 0 or above the
        maximum is refused. A compare-at price the new price reaches is removed.
      </p>
      <p>
        <button type="submit" disabled={busy}>
          Preview
        </button>{' '}
        <button type="button" disabled={!canApply} onClick={() => preview && void bulk.apply(preview)}>
          Apply
        </button>
      </p>
    </form>
  );
}
