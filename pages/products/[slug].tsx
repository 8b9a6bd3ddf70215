import type { GetStaticPaths, GetStaticProps } from 'next';
import { productTrails } from '@/components/breadcrumb-trail';
import { Breadcrumbs } from '@/components/breadcrumbs';
import { Layout } from '@/components/layout';
import { ProductGallery } from '@/components/product-gallery';
import { ProductJsonLd } from '@/components/product-json-ld';
import { VariantPicker } from '@/components/variant-picker';
import { VariantTable } from '@/components/variant-table';
import type { ProductPageData } from '@/lib/catalog/types';
import { getProductPageProps, getProductStaticPaths, type WithShopOrigin } from '@/lib/storefront/page-props';
import { productPath } from '@/lib/storefront/paths';

type Props = WithShopOrigin<ProductPageData>;

/** No Next runtime in the browser: the page's few scripts are the storefront island (islands/). */
export const config = { unstable_runtimeJS: false };

export const getStaticPaths: GetStaticPaths<{ slug: string }> = () => getProductStaticPaths();

export const getStaticProps: GetStaticProps<Props, { slug: string }> = ({ params }) =>
  getProductPageProps(params?.slug);

export default function ProductPage({ shopOrigin, ...product }: Props) {
  const seo = {
    origin: shopOrigin,
    path: productPath(product.slug),
    type: 'product',
    image: product.images[0],
  } as const;
  return (
    <Layout title={product.title} description={product.description || product.title} seo={seo}>
      <ProductJsonLd product={product} origin={shopOrigin} />
      <Breadcrumbs trails={productTrails(product)} origin={shopOrigin} />
      <article className="product">
        <ProductGallery images={product.images} />
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
