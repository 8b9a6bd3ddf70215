/**
 * getServerSideProps for admin pages: never cached, and without a session a redirect to the
 * login page that comes back here afterwards.
 */
import type { GetServerSideProps, GetServerSidePropsContext, GetServerSidePropsResult } from 'next';
import { currentAdmin, type AdminIdentity } from './session';

export interface AdminPageProps {
  admin: AdminIdentity;
}

type AdminLoader<P> = (
  context: GetServerSidePropsContext,
  admin: AdminIdentity,
) => Promise<GetServerSidePropsResult<P>>;

export function withAdminPage<P extends object>(load: AdminLoader<P>): GetServerSideProps<P & AdminPageProps> {
  return async (context) => {
    context.res.setHeader('Cache-Control', 'private, no-store');
    const admin = await currentAdmin(context.req, context.res);
    if (!admin) {
      const next = encodeURIComponent(context.resolvedUrl);
      return { redirect: { destination: `/admin/login?next=${next}`, permanent: false } };
    }
    const result = await load(context, admin);
    if (!('props' in result)) return result;
    return { props: { ...(await result.props), admin } };
  };
}
