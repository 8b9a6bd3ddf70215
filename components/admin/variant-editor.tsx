import type { VariantDraft } from './use-product-form';

interface Props {
  variants: VariantDraft[];
  errors: Record<string, string>;
  onChange: (index: number, field: 'price' | 'compareAtPrice' | 'stock', value: string) => void;
}

function FieldError({ message, id }: { message: string | undefined; id: string }) {
  return message ? (
    <span className="field-error" id={id} role="alert">
      {message}
    </span>
  ) : null;
}

export function VariantEditor({ variants, errors, onChange }: Props) {
  return (
    <table>
      <thead>
        <tr>
          <th>Variant</th>
          <th>Price</th>
          <th>Compare-at price</th>
          <th>Stock</th>
        </tr>
      </thead>
      <tbody>
        {variants.map((variant, i) => (
          <tr key={variant.id} data-sku={variant.sku}>
            <td>
              {variant.title}
              <br />
              <small>{variant.sku}</small>
              {variant.options.length > 0 && (
                <ul className="variant-options" aria-label={`Options of ${variant.sku}`}>
                  {variant.options.map((option) => (
                    <li key={option.name}>
                      {option.name}: {option.value}
                    </li>
                  ))}
                </ul>
              )}
            </td>
            {(['price', 'compareAtPrice'] as const).map((field) => (
              <td key={field}>
                <input
                  type="text"
                  inputMode="decimal"
                  name={`${field}-${variant.sku}`}
                  aria-label={`${field === 'price' ? 'Price' : 'Compare-at price'} of ${variant.sku} (${variant.currency})`}
                  aria-describedby={`err-${field}-${i}`}
                  value={variant[field]}
                  onChange={(e) => onChange(i, field, e.target.value)}
                />{' '}
                {variant.currency}
                <FieldError id={`err-${field}-${i}`} message={errors[`variants.${i}.${field}`]} />
              </td>
            ))}
            <td>
              <input
                type="text"
                inputMode="numeric"
                aria-label={`Stock of ${variant.sku}`}
                value={variant.stock}
                onChange={(e) => onChange(i, 'stock', e.target.value)}
              />
              <FieldError id={`err-stock-${i}`} message={errors[`variants.${i}.stock`]} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
