import Link from 'next/link';
import { AdminLayout } from '@/components/admin/admin-layout';
import { OrderLines } from '@/components/admin/order-lines';
import { OrderFlagsAlert, OrderSummary } from '@/components/admin/order-summary';
import { withAdminPage, type AdminPageProps } from '@/lib/admin/admin-page';
import { getOrderForAdmin, type AdminOrderDetail } from '@/lib/admin/orders';
import { dbIdOrNull } from '@/lib/validations/db-id';

interface Props extends AdminPageProps {
  order: AdminOrderDetail;
}

export const getServerSideProps = withAdminPage<Omit<Props, 'admin'>>(async ({ params }) => {
  const id = dbIdOrNull(params?.id);
  const order = id === null ? null : await getOrderForAdmin(id);
  if (!order) return { notFound: true };
  return { props: { order } };
});

export default function AdminOrderPage({ admin, order }: Props) {
  return (
    <AdminLayout admin={admin} title={`Order #${order.id}`}>
      <p>
        <Link href="/admin/orders">← All orders</Link>
      </p>
      <OrderFlagsAlert order={order} />
      <OrderSummary order={order} />
      <h2>Lines</h2>
      <OrderLines order={order} />
    </AdminLayout>
  );
}
