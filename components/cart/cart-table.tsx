import type { CartLineView } from '@/lib/cart/cart';
import { Price } from '../price';
import { ProductImage } from '../product-image';
import { stockText } from '../stock-text';
import { StorefrontLink } from '../storefront-link';

/** The cart's lines; every change is a plain form (it works before, and without, JavaScript). */
export function CartTable({ lines }: { lines: CartLineView[] }) {
  return (
    <table className="cart-lines">
      <caption className="visually-hidden">Items in your cart</caption>
      <thead>
        <tr>
          <th scope="col">Item</th>
          <th scope="col">Price</th>
          <th scope="col">Quantity</th>
          <th scope="col">Total</th>
          <th scope="col">
            <span className="visually-hidden">Remove</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {lines.map((line) => (
          <CartRow key={line.variantId} line={line} />
        ))}
      </tbody>
    </table>
  );
}

function CartRow({ line }: { line: CartLineView }) {
  const name = line.variantTitle ? `${line.productTitle} (${line.variantTitle})` : line.productTitle;
  const quantityId = `quantity-${line.variantId}`;
  return (
    <tr data-sku={line.sku} data-price-changed={line.priceChanged || undefined}>
      <th scope="row" className="cart-item">
        {line.image && <ProductImage src={line.image.url} alt="" width={64} height={64} />}
        <span>
          <StorefrontLink href={`/products/${line.productSlug}`}>{line.productTitle}</StorefrontLink>
          {line.variantTitle && <span className="cart-variant">{line.variantTitle}</span>}
          {!line.available && <span className="cart-unavailable">No longer available</span>}
          {line.available && line.stockState.kind === 'low' && (
            <span className="cart-stock">{stockText(line.stockState)}</span>
          )}
        </span>
      </th>
      <td className="cart-price">
        <Price money={line.price} className="price" />
        {line.priceChanged && (
          <span className="price-change">
            {' '}
            (was <Price money={line.seenPrice} className="seen-price" />)
          </span>
        )}
      </td>
      <td>
        <form method="post" action="/api/cart/quantity" className="quantity-form">
          <input type="hidden" name="variantId" value={line.variantId} />
          <label htmlFor={quantityId} className="visually-hidden">
            Quantity of {name}
          </label>
          <input
            id={quantityId}
            name="quantity"
            type="number"
            min={0}
            max={Math.max(line.maxQuantity, line.quantity)}
            defaultValue={line.quantity}
            inputMode="numeric"
          />
          <button type="submit">Update</button>
        </form>
      </td>
      <td className="cart-line-total">
        <Price money={line.lineTotal} className="line-total" />
      </td>
      <td>
        <form method="post" action="/api/cart/remove">
          <input type="hidden" name="variantId" value={line.variantId} />
          <button type="submit" className="link-button">
            Remove<span className="visually-hidden"> {name}</span>
          </button>
        </form>
      </td>
    </tr>
  );
}
