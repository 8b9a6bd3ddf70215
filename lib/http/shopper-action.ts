/**
 * The storefront's actions (cart, checkout) as API routes that serve two callers: an HTML form,
 * which works without JavaScript and gets a 303 to the next page (or back to the cart with a
 * notice), and a script, which gets JSON and the status codes (409 for a refused change).
 * Only POST, and only from the shop's own pages (the same-origin check: these act on the
 * shopper's cart cookie).
 */
import type { NextApiHandler, NextApiRequest, NextApiResponse } from 'next';
import { ZodError } from 'zod';
import { DomainError } from '../errors';
import { apiHandler } from './api-handler';
import { HttpError } from './errors';
import { assertSameOrigin } from './same-origin';

export interface ShopperOutcome {
  /** Where a form goes next (303). */
  redirectTo: string;
  /** What a script gets (200). */
  json: unknown;
}

/** What went wrong, as the cart page's notice names it (pages/cart.tsx shows the words). */
export type CartNotice =
  | 'sold-out'
  | 'stock-limit'
  | 'cart-full'
  | 'currency'
  | 'not-for-sale'
  | 'prices-changed'
  | 'stock-short'
  | 'unavailable'
  | 'empty'
  | 'provider-down'
  | 'invalid';

export function shopperAction(
  act: (req: NextApiRequest, res: NextApiResponse) => Promise<ShopperOutcome>,
): NextApiHandler {
  return apiHandler({
    POST: async (req, res) => {
      assertSameOrigin(req);
      res.setHeader('Cache-Control', 'private, no-store');
      if (!isFormPost(req)) {
        res.status(200).json((await act(req, res)).json);
        return;
      }
      try {
        res.redirect(303, (await act(req, res)).redirectTo);
      } catch (error) {
        const notice = noticeFor(error);
        if (!notice) throw error;
        res.redirect(303, `/cart?notice=${notice}`);
      }
    },
  });
}

function isFormPost(req: NextApiRequest): boolean {
  return (req.headers['content-type'] ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded');
}

/** The notice a refused form action shows, or null for a failure the shopper cannot act on (a 500). */
function noticeFor(error: unknown): CartNotice | null {
  if (error instanceof ZodError) return 'invalid';
  if (error instanceof DomainError) return reasonOf(error.details) ?? 'invalid';
  if (error instanceof HttpError && error.status === 502) return 'provider-down';
  return null;
}

function reasonOf(details: unknown): CartNotice | null {
  if (typeof details !== 'object' || details === null || !('reason' in details)) return null;
  return typeof details.reason === 'string' ? (details.reason as CartNotice) : null;
}
