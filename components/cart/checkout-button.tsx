import { useState, type FormEvent } from 'react';

/**
 * Sends the shopper to the payment page. The payment page is on another origin, and the page
 * policy lets forms submit only to the shop (CSP form-action, which browsers apply to the
 * redirect too), so the script asks /api/checkout for the page and goes there itself. When
 * checkout refuses (a changed price: 409), the cart page is shown again with the reason.
 */
export function CheckoutButton() {
  const [busy, setBusy] = useState(false);

  async function checkOut(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    try {
      const res = await fetch('/api/checkout', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: '{}',
      });
      const body = (await res.json().catch(() => ({}))) as { url?: string; details?: { reason?: string } };
      if (res.ok && body.url) {
        window.location.assign(body.url);
        return;
      }
      window.location.assign(`/cart?notice=${encodeURIComponent(noticeOf(res.status, body.details?.reason))}`);
    } catch {
      window.location.assign('/cart?notice=provider-down');
    }
  }

  return (
    <form method="post" action="/api/checkout" onSubmit={(event) => void checkOut(event)}>
      <button type="submit" className="checkout-button" disabled={busy} aria-busy={busy}>
        {busy ? 'Opening the payment page…' : 'Check out'}
      </button>
    </form>
  );
}

function noticeOf(status: number, reason: string | undefined): string {
  if (reason) return reason;
  return status === 502 ? 'provider-down' : 'invalid';
}
