import { logIn } from '@/lib/admin/log-in';
import { assertSameOrigin } from '@/lib/admin/same-origin';
import { getAdminSession } from '@/lib/admin/session';
import { apiHandler } from '@/lib/http/api-handler';
import { logInSchema } from '@/lib/validations/login';

export default apiHandler({
  POST: async (req, res) => {
    res.setHeader('Cache-Control', 'private, no-store');
    // Login CSRF: a foreign page must not sign the browser in to an account of its choosing.
    assertSameOrigin(req);
    const credentials = logInSchema.parse(req.body);
    // Before logIn, so a server without SESSION_SECRET fails without counting an attempt.
    const session = await getAdminSession(req, res);
    // The socket address, not X-Forwarded-For: that header is whatever the client writes unless a
    // proxy we trust overwrites it, and trusting it would hand out a fresh "IP" for every guess.
    // Behind a reverse proxy every client shares the proxy's address (and its per-IP limit).
    const { admin, sessionVersion } = await logIn({ ...credentials, ip: req.socket.remoteAddress ?? 'unknown' });
    Object.assign(session, { admin, sessionVersion });
    await session.save();
    res.status(200).json({ admin });
  },
});
