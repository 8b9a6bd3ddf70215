import { loadFresh } from '@/lib/revalidation/render-guard';
import { productPath, SLUG_PATTERN } from '@/lib/storefront/paths';
import type { GetStaticPaths, GetStaticProps } from 'next';
import Image from 'next/image';
import Link from 'next/link';
import { Layout } from '@/components/layout';
import { ProductJsonLd } from '@/components/product-json-ld';
import { VariantTable } from '@/components/variant-table';
import { getProductPage, listPrerenderedProductSlugs } from '@/lib/catalog/storefront';
import type { ProductPageData } from '@/lib/catalog/types';
import { getEnv } from '@/lib/env';
import { pageRevalidateSetting } from '@/lib/storefront/isr-policy';

// Build time must not grow with the catalog: pre-render the first N, the rest on first request.
export const getStaticPaths: GetStaticPaths = async () => ({
  paths: (await listPrerenderedProductSlugs(getEnv().PRERENDER_PRODUCT_COUNT)).map((slug) => ({ params: { slug } })),
  fallback: 'blocking',
});

export const getStaticProps: GetStaticProps<ProductPageData, { slug: string }> = async ({ params }) => {
  // A slug no product can have (e.g. with a NUL byte) is a 404 before any query or outbox row.
  const slug = params && SLUG_PATTERN.test(params.slug) ? params.slug : null;
  const product = slug ? await loadFresh(productPath(slug), () => getProductPage(slug)) : null;
  if (!product) return { notFound: true, revalidate: pageRevalidateSetting() };
  return { props: product, revalidate: pageRevalidateSetting() };
};

export default function ProductPage(product: ProductPageData) {
  return (
    <Layout title={product.title}>
      <ProductJsonLd product={product} />
      <nav className="breadcrumbs" aria-label="Categories">
        {product.categories.map((category) => (
          <Link key={category.slug} href={`/categories/${category.slug}`}>
            {category.name}
          </Link>
        ))}
      </nav>
      <article className="product">
        <div className="gallery">
          {product.images.map((image) => (
            <Image
              key={image.url}
              src={image.url}
              alt={image.alt}
              width={image.width}
              height={image.height}
              unoptimized
            />
          ))}
        </div>
        <div className="details">
          <h1>{product.title}</h1>
          <p className="description">{product.description}</p>
          <VariantTable variants={product.variants} />
        </div>
      </article>
    </Layout>
  );
}
