import { AdminLayout } from '@/components/admin/admin-layout';
import { PendingPurges, RecentPurges } from '@/components/admin/purge-queue';
import { withAdminPage, type AdminPageProps } from '@/lib/admin/admin-page';
import { loadPurgeQueue } from '@/lib/admin/purge-queue';
import type { QueueRow } from '@/lib/revalidation/queue-state';

interface Props extends AdminPageProps {
  /** The first 500 pending rows (failing first); the counts are of all of them. */
  pending: QueueRow[];
  recentlyDone: QueueRow[];
  pendingCount: number;
  failingCount: number;
}

export const getServerSideProps = withAdminPage<Omit<Props, 'admin'>>(async () => ({
  props: await loadPurgeQueue(),
}));

export default function PurgeQueuePage({ admin, pending, recentlyDone, pendingCount, failingCount }: Props) {
  return (
    <AdminLayout admin={admin} title="Page purges">
      <h1>Page purges</h1>
      <p>
        Every change queues the pages that show it; they are regenerated right away, and a page that fails is retried
        automatically (1 s, 2 s, 4 s, … up to every 5 minutes) until it succeeds.
      </p>
      <h2 data-pending={pendingCount} data-failing={failingCount}>
        Waiting: {pendingCount}{' '}
        {failingCount > 0 && <span className="purge-failed-count">({failingCount} failing)</span>}
      </h2>
      <PendingPurges rows={pending} />
      <h2>Recently regenerated</h2>
      <RecentPurges rows={recentlyDone} />
    </AdminLayout>
  );
}
