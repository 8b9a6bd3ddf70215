import Image, { type ImageProps } from 'next/image';
import { isOptimizable } from '@/lib/storefront/product-images';

type ProductImageProps = Omit<ImageProps, 'src' | 'unoptimized'> & { src: string };

/**
 * next/image for a catalog picture: resized and re-encoded by the shop's optimiser when it is one
 * of the shop's own files, else shown as it is (the optimiser would refuse it: a broken picture).
 */
export function ProductImage({ src, alt, ...props }: ProductImageProps) {
  return <Image src={src} alt={alt} {...props} unoptimized={!isOptimizable(src)} />;
}
