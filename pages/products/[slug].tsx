import type { GetStaticPaths, GetStaticProps } from 'next';
import Image from 'next/image';
import Link from 'next/link';
import { Layout } from '@/components/layout';
import { ProductJsonLd } from '@/components/product-json-ld';
import { VariantPicker } from '@/components/variant-picker';
import { VariantTable } from '@/components/variant-table';
import type { ProductPageData } from '@/lib/catalog/types';
import { getProductPageProps, getProductStaticPaths } from '@/lib/storefront/page-props';

export const getStaticPaths: GetStaticPaths<{ slug: string }> = () => getProductStaticPaths();

export const getStaticProps: GetStaticProps<ProductPageData, { slug: string }> = ({ params }) =>
  getProductPageProps(params?.slug);

export default function ProductPage(product: ProductPageData) {
  return (
    <Layout title={product.title} description={product.description || product.title}>
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
          {product.images.map((image, i) => (
            <Image
              key={image.url}
              src={image.url}
              alt={image.alt}
              width={image.width}
              height={image.height}
              unoptimized
              // The main picture is the page's largest paint: loaded at once; the others lazily.
              {...(i === 0 ? { loading: 'eager', fetchPriority: 'high' } : {})}
            />
          ))}
        </div>
        <div className="details">
          <h1>{product.title}</h1>
          <p className="description">{product.description}</p>
          <VariantPicker options={product.options} variants={product.variants} />
          <VariantTable variants={product.variants} />
        </div>
      </article>
    </Layout>
  );
}
