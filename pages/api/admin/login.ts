import { logIn } from '@/lib/admin/log-in';
import { RetryLaterError } from '@/lib/admin/log-in-errors';
import { assertSameOrigin } from '@/lib/http/same-origin';
import { getAdminSession } from '@/lib/admin/session';
import { getEnv } from '@/lib/env';
import { apiHandler } from '@/lib/http/api-handler';
import { clientIp } from '@/lib/http/client-ip';
import { logInSchema } from '@/lib/validations/login';

export default apiHandler({
  POST: async (req, res) => {
    res.setHeader('Cache-Control', 'private, no-store');
    // Login CSRF: a foreign page must not sign the browser in to an account of its choosing.
    assertSameOrigin(req);
    const credentials = logInSchema.parse(req.body);
    // Before logIn, so a server without SESSION_SECRET fails without counting an attempt.
    const session = await getAdminSession(req, res);
    // X-Forwarded-For counts only with TRUSTED_PROXY_HOPS set: trusting it blindly would hand
    // out a fresh "IP" for every guess (see lib/http/client-ip.ts).
    const ip = clientIp(req, getEnv().TRUSTED_PROXY_HOPS);
    const { admin, sessionVersion } = await logIn({ ...credentials, ip }).catch((error: unknown) => {
      // 429 (a limit blocks) and 503 (checks queued) say when trying again makes sense.
      if (error instanceof RetryLaterError) res.setHeader('Retry-After', String(error.retryAfterSeconds));
      throw error;
    });
    Object.assign(session, { admin, sessionVersion });
    await session.save();
    res.status(200).json({ admin });
  },
});
