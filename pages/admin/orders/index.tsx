import Link from 'next/link';
import { AdminLayout } from '@/components/admin/admin-layout';
import { OrderFiltersForm } from '@/components/admin/order-filters';
import { OrderTable } from '@/components/admin/order-table';
import { withAdminPage, type AdminPageProps } from '@/lib/admin/admin-page';
import { listOrdersForAdmin, type AdminOrderList } from '@/lib/admin/orders';
import { orderFiltersSchema, type OrderFilters } from '@/lib/validations/order-filters';

interface Props extends AdminPageProps {
  filters: OrderFilters;
  list: AdminOrderList;
}

export const getServerSideProps = withAdminPage<Omit<Props, 'admin'>>(async ({ query }) => {
  const filters = orderFiltersSchema.parse(query);
  const list = await listOrdersForAdmin(filters);
  // JSON round trip: an unset status is undefined, which Next refuses in props.
  return { props: { filters: JSON.parse(JSON.stringify(filters)) as OrderFilters, list } };
});

function pageHref(filters: OrderFilters, page: number): string {
  const params = new URLSearchParams();
  if (filters.status) params.set('status', filters.status);
  if (filters.flagged) params.set('flagged', '1');
  params.set('page', String(page));
  return `/admin/orders?${params.toString()}`;
}

export default function AdminOrdersPage({ admin, filters, list }: Props) {
  return (
    <AdminLayout admin={admin} title="Orders">
      {list.flaggedCount > 0 && (
        <p className="order-attention" data-flagged-count={list.flaggedCount}>
          <strong>
            {list.flaggedCount === 1 ? '1 order needs' : `${list.flaggedCount} orders need`} your attention.
          </strong>{' '}
          {!filters.flagged && <Link href="/admin/orders?flagged=1">Show flagged orders</Link>}
        </p>
      )}
      <OrderFiltersForm filters={filters} />
      <OrderTable rows={list.rows} caption={`${list.total} ${list.total === 1 ? 'order' : 'orders'}, newest first`} />
      <nav className="pagination" aria-label="Pages">
        {filters.page > 1 && <Link href={pageHref(filters, filters.page - 1)}>← Previous</Link>}
        <span>
          Page {filters.page} of {list.pageCount}
        </span>
        {filters.page < list.pageCount && <Link href={pageHref(filters, filters.page + 1)}>Next →</Link>}
      </nav>
    </AdminLayout>
  );
}
