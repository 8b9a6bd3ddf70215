/**
 * The stand-in's hosted checkout page: what a buyer sees at a session's `url`. A plain form,
 * so it works with a keyboard, a screen reader and without JavaScript.
 */
import type Stripe from 'stripe';

export const TEST_MODE_LABEL = 'Test mode — no real payment';

/** `amount` minor units of `currency`, e.g. 2500 usd -> "$25.00", 500 jpy -> "¥500". */
export function formatAmount(amount: number, currency: string): string {
  const format = new Intl.NumberFormat('en', { style: 'currency', currency: currency.toUpperCase() });
  // The ISO 4217 exponent: the currency's number of minor-unit digits.
  const exponent = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(amount / 10 ** exponent);
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const STYLE = `
  body { font: 16px/1.5 system-ui, sans-serif; color: #1a1a1a; background: #f6f7f9; margin: 0; }
  main { max-width: 32rem; margin: 2rem auto; padding: 1.5rem; background: #fff; border-radius: 8px; }
  .test-mode { display: block; padding: .5rem .75rem; margin: 0 0 1rem; background: #fff3cd; color: #5c4400;
    border: 2px solid #b38600; border-radius: 4px; font-weight: 700; text-align: center; }
  table { width: 100%; border-collapse: collapse; margin: 1rem 0; }
  th, td { padding: .5rem 0; border-bottom: 1px solid #d0d4da; text-align: left; }
  td.amount, th.amount { text-align: right; }
  label { display: block; font-weight: 600; margin-top: 1rem; }
  input { width: 100%; box-sizing: border-box; font: inherit; padding: .5rem; border: 1px solid #6b7280; border-radius: 4px; }
  button { margin-top: 1rem; width: 100%; font: inherit; font-weight: 700; padding: .75rem; color: #fff;
    background: #0a5cd6; border: 0; border-radius: 4px; cursor: pointer; }
  a { color: #0a5cd6; }
  :focus-visible { outline: 3px solid #b34700; outline-offset: 2px; }
  .error { color: #a50e0e; font-weight: 600; }
  .cancel { display: inline-block; margin-top: 1rem; }
  .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
`;

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<p class="test-mode" role="note">${TEST_MODE_LABEL}</p>
${body}
</main>
</body>
</html>
`;
}

function itemsTable(session: Stripe.Checkout.Session, items: readonly Stripe.LineItem[]): string {
  const currency = session.currency ?? 'usd';
  const rows = items
    .map(
      (item) =>
        `<tr><td>${escapeHtml(item.description ?? 'Item')}</td><td>${item.quantity ?? 1}</td>` +
        `<td class="amount">${formatAmount(item.amount_total, currency)}</td></tr>`,
    )
    .join('\n');
  return `<table>
<caption class="visually-hidden">Your order</caption>
<thead><tr><th scope="col">Item</th><th scope="col">Qty</th><th scope="col" class="amount">Amount</th></tr></thead>
<tbody>
${rows}
</tbody>
<tfoot><tr><th scope="row" colspan="2">Total</th><td class="amount"><strong>${formatAmount(session.amount_total ?? 0, currency)}</strong></td></tr></tfoot>
</table>`;
}

/** The page offering to pay an open session; `error` explains a refused submission. */
export function renderPayPage(
  session: Stripe.Checkout.Session,
  items: readonly Stripe.LineItem[],
  error?: { message: string; email: string },
): string {
  const total = formatAmount(session.amount_total ?? 0, session.currency ?? 'usd');
  const email = error?.email ?? session.customer_email ?? '';
  const errorLine = error ? `<p class="error" id="email-error" role="alert">${escapeHtml(error.message)}</p>` : '';
  const described = error ? ' aria-describedby="email-error" aria-invalid="true"' : '';
  return page(
    `Pay ${total}`,
    `<h1>Pay ${total}</h1>
${itemsTable(session, items)}
<form method="post" action="/c/pay/${encodeURIComponent(session.id)}">
<label for="email">Email</label>
<input id="email" name="email" type="email" autocomplete="email" required value="${escapeHtml(email)}"${described}>
${errorLine}
<button type="submit">Pay ${total}</button>
</form>
${session.cancel_url ? `<a class="cancel" href="${escapeHtml(session.cancel_url)}">Cancel</a>` : ''}`,
  );
}

/** The page of a session that can no longer be paid. */
export function renderClosedPage(session: Stripe.Checkout.Session, items: readonly Stripe.LineItem[]): string {
  const heading =
    session.status === 'complete'
      ? session.payment_status === 'paid'
        ? 'This order is paid'
        : 'This order is complete; its payment is still processing'
      : 'This checkout has expired';
  const back =
    session.status === 'complete' && session.success_url
      ? `<a href="${escapeHtml(session.success_url.replaceAll('{CHECKOUT_SESSION_ID}', session.id))}">Back to the shop</a>`
      : session.cancel_url
        ? `<a href="${escapeHtml(session.cancel_url)}">Back to the shop</a>`
        : '';
  return page(heading, `<h1>${heading}</h1>\n<p>Nothing more to pay here.</p>\n${itemsTable(session, items)}\n${back}`);
}

export function renderNotFoundPage(): string {
  return page('Checkout not found', '<h1>Checkout not found</h1>\n<p>This payment link does not exist.</p>');
}
