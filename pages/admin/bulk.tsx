import { AdminLayout } from '@/components/admin/admin-layout';
import { BulkJobList, BulkJobProgress } from '@/components/admin/bulk-job-progress';
import { BulkOutcomeMessage } from '@/components/admin/bulk-outcome-message';
import { BulkPreviewPager, BulkPreviewSummary, BulkPreviewTable } from '@/components/admin/bulk-preview-table';
import { BulkPriceForm } from '@/components/admin/bulk-price-form';
import { useBulkPriceChange } from '@/components/admin/use-bulk-price-change';
import { withAdminPage, type AdminPageProps } from '@/lib/admin/admin-page';
import { listCategoriesForAdmin, type AdminCategoryOption } from '@/lib/catalog/admin-categories';
import { listBulkPriceJobs, type BulkPriceJobView } from '@/lib/catalog/bulk-price-jobs';
import { listBulkSelection } from '@/lib/catalog/admin-products';
import { bulkSelectionQuerySchema } from '@/lib/validations/bulk-price';

interface Props extends AdminPageProps {
  categories: AdminCategoryOption[];
  /** Products chosen on the product list (`?products=1&products=2`), or null for a category change. */
  selection: { id: number; title: string }[] | null;
  /** The latest bulk jobs, newest first; a RUNNING one is followed (it survives a restart). */
  jobs: BulkPriceJobView[];
}

export const getServerSideProps = withAdminPage<Omit<Props, 'admin'>>(async ({ query }) => {
  const { products } = bulkSelectionQuerySchema.parse(query);
  const [categories, selection, jobs] = await Promise.all([
    listCategoriesForAdmin(),
    products.length > 0 ? listBulkSelection(products) : null,
    listBulkPriceJobs(),
  ]);
  return { props: { categories, selection, jobs } };
});

export default function BulkPricePage({ admin, categories, selection, jobs }: Props) {
  const bulk = useBulkPriceChange(
    categories[0]?.id,
    selection?.map((product) => product.id),
    jobs.find((job) => job.status === 'RUNNING'),
  );
  const { preview, outcome, job, busy } = bulk;
  return (
    <AdminLayout admin={admin} title="Bulk price change">
      <BulkPriceForm categories={categories} bulk={bulk} selection={selection ?? undefined} />
      {outcome && <BulkOutcomeMessage outcome={outcome} />}
      {job && <BulkJobProgress job={job} busy={busy} onCancel={() => void bulk.cancel(job.id)} />}
      {preview && <BulkPreviewSummary totals={preview.totals} />}
      {preview && (
        <BulkPreviewPager
          page={preview.page}
          pageCount={preview.pageCount}
          busy={busy}
          onPage={(page) => void bulk.requestPreview(page)}
        />
      )}
      {preview && <BulkPreviewTable rows={preview.rows} />}
      <BulkJobList jobs={jobs} />
    </AdminLayout>
  );
}
