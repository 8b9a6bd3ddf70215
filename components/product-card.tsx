import Image from 'next/image';
import Link from 'next/link';
import type { ProductCard as ProductCardData } from '@/lib/catalog/types';
import { Price } from './price';

/** `first`: the grid's first card, whose picture is the listing's largest paint: loaded at once, not lazily. */
export function ProductCard({ product, first = false }: { product: ProductCardData; first?: boolean }) {
  return (
    <li className="card" data-product-slug={product.slug}>
      <Link href={`/products/${product.slug}`}>
        {product.image && (
          <Image
            src={product.image.url}
            // The link's text names the product already: the picture beside it adds nothing to read aloud.
            alt=""
            width={400}
            height={400}
            unoptimized
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
