import { AdminLayout } from '@/components/admin/admin-layout';
import { DeliveryTable, WaitingDeliveries } from '@/components/admin/webhook-inbox';
import { withAdminPage, type AdminPageProps } from '@/lib/admin/admin-page';
import { loadWebhookInbox } from '@/lib/admin/webhook-inbox';
import type { InboxLists, InboxState } from '@/lib/webhooks/inbox-listing';

type Props = AdminPageProps & InboxLists & { counts: InboxState };

export const getServerSideProps = withAdminPage<Omit<Props, 'admin'>>(async () => ({
  props: await loadWebhookInbox(),
}));

export default function WebhookInboxPage({ admin, waiting, refused, recent, counts }: Props) {
  return (
    <AdminLayout admin={admin} title="Webhooks">
      <p>
        Every Stripe and Shopify delivery is recorded as it arrives and answered at once, then applied to the catalog.
        One that cannot be applied yet (the database is busy, a row is locked by a long change) is retried automatically
        (1 s, 2 s, 4 s, … up to every 5 minutes); after about an hour of failures it is marked failed and waits for you.
      </p>
      <h2 data-pending={counts.pending} data-failing={counts.failing} data-failed={counts.failed}>
        Waiting: {counts.pending}{' '}
        {counts.failing > 0 && <span className="purge-failed-count">({counts.failing} failing)</span>}
        {counts.failed > 0 && <span className="purge-failed-count"> · {counts.failed} failed, needing you</span>}
      </h2>
      <WaitingDeliveries rows={waiting} />
      <h2>Refused</h2>
      <p>
        Deliveries whose body the shop cannot use (a price it cannot hold, a shape it does not know): nothing changed.
      </p>
      <DeliveryTable rows={refused} empty="None refused." />
      <h2>Recently applied</h2>
      <DeliveryTable rows={recent} empty="No deliveries yet." />
    </AdminLayout>
  );
}
