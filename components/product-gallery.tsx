import type { ImageView } from '@/lib/catalog/types';
import { ProductImage } from './product-image';

/**
 * The gallery's width in CSS pixels (styles/globals.css): the .product grid's first column, two
 * columns with a 2rem gap inside the 1200px, 2rem-padded .page; one column up to 720px.
 */
export const GALLERY_SIZES =
  '(max-width: 720px) calc(100vw - 64px), (max-width: 1200px) calc((100vw - 96px) / 2), 552px';

/** The product's pictures; the first is the page's largest paint: loaded at once, the others lazily. */
export function ProductGallery({ images }: { images: ImageView[] }) {
  return (
    <div className="gallery">
      {images.map((image, i) => (
        <ProductImage
          key={image.url}
          src={image.url}
          alt={image.alt}
          width={image.width}
          height={image.height}
          sizes={GALLERY_SIZES}
          {...(i === 0 ? { loading: 'eager', fetchPriority: 'high' } : {})}
        />
      ))}
    </div>
  );
}
