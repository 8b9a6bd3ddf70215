import { AdminLayout } from '@/components/admin/admin-layout';
import { PendingDeliveries, RecentDeliveries } from '@/components/admin/webhook-inbox';
import { withAdminPage, type AdminPageProps } from '@/lib/admin/admin-page';
import { loadWebhookInbox } from '@/lib/admin/webhook-inbox';
import type { InboxRow } from '@/lib/webhooks/inbox';

interface Props extends AdminPageProps {
  /** The first 500 pending deliveries (failing first); the counts are of all of them. */
  pending: InboxRow[];
  recent: InboxRow[];
  pendingCount: number;
  failingCount: number;
}

export const getServerSideProps = withAdminPage<Omit<Props, 'admin'>>(async () => ({
  props: await loadWebhookInbox(),
}));

export default function WebhookInboxPage({ admin, pending, recent, pendingCount, failingCount }: Props) {
  return (
    <AdminLayout admin={admin} title="Webhooks">
      <p>
        Every Stripe and Shopify delivery is recorded as it arrives and answered at once, then applied to the catalog.
        One that cannot be applied yet (the database is busy, a row is locked by a long change) is retried automatically
        (1 s, 2 s, 4 s, … up to every 5 minutes) until it is.
      </p>
      <h2 data-pending={pendingCount} data-failing={failingCount}>
        Waiting: {pendingCount}{' '}
        {failingCount > 0 && <span className="purge-failed-count">({failingCount} failing)</span>}
      </h2>
      <PendingDeliveries rows={pending} />
      <h2>Recently applied</h2>
      <RecentDeliveries rows={recent} />
    </AdminLayout>
  );
}
