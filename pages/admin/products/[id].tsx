import Link from 'next/link';
import { AdminLayout } from '@/components/admin/admin-layout';
import { MoveToFront } from '@/components/admin/move-to-front';
import { PriceHistory } from '@/components/admin/price-history';
import { ProductForm } from '@/components/admin/product-form';
import { StockHistory } from '@/components/admin/stock-history';
import { withAdminPage, type AdminPageProps } from '@/lib/admin/admin-page';
import { listCategoriesForAdmin } from '@/lib/catalog/admin-categories';
import { getProductForEdit, type ProductForEdit } from '@/lib/catalog/product-for-edit';
import { dbIdOrNull } from '@/lib/validations/db-id';

interface Props extends AdminPageProps {
  product: ProductForEdit;
  categories: { id: number; name: string }[];
}

export const getServerSideProps = withAdminPage<Omit<Props, 'admin'>>(async ({ params }) => {
  const id = dbIdOrNull(params?.id);
  const product = id === null ? null : await getProductForEdit(id);
  if (!product) return { notFound: true };
  return { props: { product, categories: await listCategoriesForAdmin() } };
});

export default function EditProductPage({ admin, product, categories }: Props) {
  return (
    <AdminLayout admin={admin} title={product.title}>
      <p>
        <Link href="/admin">← All products</Link> ·{' '}
        {product.status === 'ACTIVE' ? (
          <a href={`/products/${product.slug}`} target="_blank" rel="noreferrer">
            View in the shop ↗
          </a>
        ) : (
          <span>Not visible in the shop ({product.status.toLowerCase()})</span>
        )}
      </p>
      {/* key: a reload after a conflict must start from the fresh version, not the old form state */}
      <ProductForm key={product.version} product={product} categories={categories} />
      <MoveToFront productId={product.id} categories={categories.filter((c) => product.categoryIds.includes(c.id))} />
      <h2>Price history</h2>
      <PriceHistory changes={product.priceChanges} />
      <h2>Stock history</h2>
      <StockHistory changes={product.stockChanges} />
    </AdminLayout>
  );
}
