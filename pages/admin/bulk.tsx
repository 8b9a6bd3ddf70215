import { AdminLayout } from '@/components/admin/admin-layout';
import { BulkOutcomeMessage } from '@/components/admin/bulk-outcome-message';
import { BulkPreviewSummary, BulkPreviewTable } from '@/components/admin/bulk-preview-table';
import { BulkPriceForm } from '@/components/admin/bulk-price-form';
import { useBulkPriceChange } from '@/components/admin/use-bulk-price-change';
import { withAdminPage, type AdminPageProps } from '@/lib/admin/admin-page';
import { listCategoriesForAdmin, type AdminCategoryOption } from '@/lib/catalog/admin-categories';
import { listBulkSelection } from '@/lib/catalog/admin-products';
import { bulkSelectionQuerySchema } from '@/lib/validations/bulk-price';

interface Props extends AdminPageProps {
  categories: AdminCategoryOption[];
  /** Products chosen on the product list (`?products=1&products=2`), or null for a category change. */
  selection: { id: number; title: string }[] | null;
}

export const getServerSideProps = withAdminPage<Omit<Props, 'admin'>>(async ({ query }) => {
  const { products } = bulkSelectionQuerySchema.parse(query);
  const [categories, selection] = await Promise.all([
    listCategoriesForAdmin(),
    products.length > 0 ? listBulkSelection(products) : null,
  ]);
  return { props: { categories, selection } };
});

export default function BulkPricePage({ admin, categories, selection }: Props) {
  const bulk = useBulkPriceChange(
    categories[0]?.id,
    selection?.map((product) => product.id),
  );
  const { preview, outcome } = bulk;
  return (
    <AdminLayout admin={admin} title="Bulk price change">
      <BulkPriceForm categories={categories} bulk={bulk} selection={selection ?? undefined} />
      {outcome && <BulkOutcomeMessage outcome={outcome} />}
      {preview && <BulkPreviewSummary totals={preview.totals} />}
      {preview && <BulkPreviewTable rows={preview.rows} />}
    </AdminLayout>
  );
}
