import Link from 'next/link';
import type { ProductCard as ProductCardData } from '@/lib/catalog/types';
import { Price } from './price';
import { ProductImage } from './product-image';

/**
 * A card's width in CSS pixels (styles/globals.css): .grid's auto-fill columns of at least 200px
 * with 1.25rem gaps, inside the 1200px, 2rem-padded .page. n columns from 220n + 44px of viewport;
 * from 1144px five, at most 211px each. A phone (one column) asks for its own width, not 5 columns'.
 */
export const CARD_SIZES =
  '(max-width: 483px) calc(100vw - 64px), (max-width: 703px) calc((100vw - 84px) / 2), ' +
  '(max-width: 923px) calc((100vw - 104px) / 3), (max-width: 1143px) calc((100vw - 124px) / 4), 212px';

/** `first`: the grid's first card, whose picture is the listing's largest paint: loaded at once, not lazily. */
export function ProductCard({ product, first = false }: { product: ProductCardData; first?: boolean }) {
  return (
    <li className="card" data-product-slug={product.slug}>
      <Link href={`/products/${product.slug}`}>
        {product.image && (
          <ProductImage
            src={product.image.url}
            // The link's text names the product already: the picture beside it adds nothing to read aloud.
            alt=""
            width={product.image.width}
            height={product.image.height}
            sizes={CARD_SIZES}
            {...(first ? { loading: 'eager', fetchPriority: 'high' } : {})}
          />
        )}
        <span className="card-title">{product.title}</span>
      </Link>
      <p className="card-price">
        {product.priceRangeDiffers && <span className="from">From </span>}
        <Price money={product.price} className="price" />
        {product.compareAtPrice && (
          <s className="compare-at">
            <Price money={product.compareAtPrice} />
          </s>
        )}
        {!product.inStock && <span className="sold-out"> · Sold out</span>}
      </p>
    </li>
  );
}

export function ProductGrid({ products }: { products: ProductCardData[] }) {
  return (
    <ul className="grid">
      {products.map((product, i) => (
        <ProductCard key={product.slug} product={product} first={i === 0} />
      ))}
    </ul>
  );
}
