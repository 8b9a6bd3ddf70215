import { assertSameOrigin } from '@/lib/admin/same-origin';
import { getAdminSession } from '@/lib/admin/session';
import { apiHandler } from '@/lib/http/api-handler';

// Works with or without a session: logging out twice, or after the session expired, is fine.
export default apiHandler({
  POST: async (req, res) => {
    res.setHeader('Cache-Control', 'private, no-store');
    // A foreign page must not be able to sign the admin out either.
    assertSameOrigin(req);
    const session = await getAdminSession(req, res);
    session.destroy();
    res.status(204).end();
  },
});
