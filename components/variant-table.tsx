import type { VariantView } from '@/lib/catalog/types';
import { Price } from './price';
import { stockText } from './stock-text';

export function VariantTable({ variants }: { variants: VariantView[] }) {
  return (
    <table className="variants">
      <thead>
        <tr>
          <th scope="col">Option</th>
          <th scope="col">Price</th>
          <th scope="col">Availability</th>
        </tr>
      </thead>
      <tbody>
        {variants.map((variant) => (
          <tr key={variant.sku} data-sku={variant.sku}>
            <td>{variant.title}</td>
            <td>
              <Price money={variant.price} className="price" />
              {variant.compareAtPrice && (
                <s className="compare-at">
                  <Price money={variant.compareAtPrice} />
                </s>
              )}
            </td>
            <td className="stock" data-stock-state={variant.stockState.kind}>
              {stockText(variant.stockState)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
