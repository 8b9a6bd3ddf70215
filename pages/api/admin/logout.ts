import { z } from 'zod';
import { assertSameOrigin } from '@/lib/http/same-origin';
import { getAdminSession, revokeAdminSessions, sessionIsCurrent } from '@/lib/admin/session';
import { apiHandler } from '@/lib/http/api-handler';
import { HttpError } from '@/lib/http/errors';

// `everywhere` also ends this admin's sessions in every other browser (a lost laptop, a copied cookie).
const logOutSchema = z.object({ everywhere: z.boolean().default(false) });

// Works with or without a session: logging out twice, or after the session expired, is fine.
export default apiHandler({
  POST: async (req, res) => {
    res.setHeader('Cache-Control', 'private, no-store');
    // A foreign page must not be able to sign the admin out either.
    assertSameOrigin(req);
    const { everywhere } = logOutSchema.parse(req.body || {});
    const session = await getAdminSession(req, res);
    if (everywhere) {
      if (!session.admin || !(await sessionIsCurrent(session))) throw new HttpError(401, 'Not signed in');
      await revokeAdminSessions(session.admin.id);
    }
    session.destroy();
    res.status(204).end();
  },
});
