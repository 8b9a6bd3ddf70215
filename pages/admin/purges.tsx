import { AdminLayout } from '@/components/admin/admin-layout';
import { PendingPurges, RecentPurges } from '@/components/admin/purge-queue';
import { withAdminPage, type AdminPageProps } from '@/lib/admin/admin-page';
import { loadPurgeQueue } from '@/lib/admin/purge-queue';
import type { QueueRow } from '@/lib/revalidation/outbox';

interface Props extends AdminPageProps {
  pending: QueueRow[];
  recentlyDone: QueueRow[];
}

export const getServerSideProps = withAdminPage<Omit<Props, 'admin'>>(async () => ({
  props: await loadPurgeQueue(),
}));

export default function PurgeQueuePage({ admin, pending, recentlyDone }: Props) {
  const failing = pending.filter((row) => row.attempts > 0).length;
  return (
    <AdminLayout admin={admin} title="Page purges">
      <h1>Page purges</h1>
      <p>
        Every change queues the pages that show it; they are regenerated right away, and a page that fails is retried
        automatically (1 s, 2 s, 4 s, … up to every 5 minutes) until it succeeds.
      </p>
      <h2 data-pending={pending.length} data-failing={failing}>
        Waiting: {pending.length} {failing > 0 && <span className="purge-failed-count">({failing} failing)</span>}
      </h2>
      <PendingPurges rows={pending} />
      <h2>Recently regenerated</h2>
      <RecentPurges rows={recentlyDone} />
    </AdminLayout>
  );
}
