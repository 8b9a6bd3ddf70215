import { AdminLayout } from '@/components/admin/admin-layout';
import { BulkOutcomeMessage } from '@/components/admin/bulk-outcome-message';
import { BulkPreviewSummary, BulkPreviewTable } from '@/components/admin/bulk-preview-table';
import { BulkPriceForm } from '@/components/admin/bulk-price-form';
import { useBulkPriceChange } from '@/components/admin/use-bulk-price-change';
import { withAdminPage, type AdminPageProps } from '@/lib/admin/admin-page';
import { listCategoriesForAdmin, type AdminCategoryOption } from '@/lib/catalog/admin-categories';

interface Props extends AdminPageProps {
  categories: AdminCategoryOption[];
}

export const getServerSideProps = withAdminPage<Omit<Props, 'admin'>>(async () => ({
  props: { categories: await listCategoriesForAdmin() },
}));

export default function BulkPricePage({ admin, categories }: Props) {
  const bulk = useBulkPriceChange(categories[0]?.id);
  const { preview, outcome } = bulk;
  return (
    <AdminLayout admin={admin} title="Bulk price change">
      <BulkPriceForm categories={categories} bulk={bulk} />
      {outcome && <BulkOutcomeMessage outcome={outcome} />}
      {preview && <BulkPreviewSummary totals={preview.totals} />}
      {preview && <BulkPreviewTable rows={preview.rows} />}
    </AdminLayout>
  );
}
