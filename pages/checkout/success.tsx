import type { GetServerSideProps } from 'next';
import { Layout } from '@/components/layout';
import { Price } from '@/components/price';
import { StorefrontLink } from '@/components/storefront-link';
import { readCheckoutResult, type CheckoutResult } from '@/lib/checkout/checkout-result';

interface SuccessPageProps {
  result: CheckoutResult;
}

export const getServerSideProps: GetServerSideProps<SuccessPageProps> = async ({ query, res }) => {
  res.setHeader('Cache-Control', 'private, no-store');
  const sessionId = typeof query.session_id === 'string' ? query.session_id : '';
  const result = await readCheckoutResult(sessionId);
  return result ? { props: { result } } : { notFound: true };
};

const HEADINGS: Record<CheckoutResult['status'], string> = {
  PAID: 'Thank you for your order',
  PROCESSING: 'Thank you: we are recording your order',
  AWAITING_PAYMENT: 'Thank you: your order waits for your payment to clear',
  PAYMENT_FAILED: 'Your payment did not go through',
};

export default function CheckoutSuccessPage({ result }: SuccessPageProps) {
  return (
    <Layout title="Order received">
      <h1 data-checkout-status={result.status}>{HEADINGS[result.status]}</h1>
      {result.orderNumber !== null ? (
        <p className="order-number">
          Order number <strong data-order-number={result.orderNumber}>#{result.orderNumber}</strong>
        </p>
      ) : (
        <p>Your payment is confirmed by the payment provider in a moment; reload this page to see your order number.</p>
      )}
      <table className="order-lines">
        <caption className="visually-hidden">What you bought</caption>
        <thead>
          <tr>
            <th scope="col">Item</th>
            <th scope="col">Quantity</th>
            <th scope="col">Total</th>
          </tr>
        </thead>
        <tbody>
          {result.lines.map((line) => (
            <tr key={line.sku} data-sku={line.sku}>
              <th scope="row">{line.title}</th>
              <td>{line.quantity}</td>
              <td>
                <Price money={line.lineTotal} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="order-total">
        Total charged: <Price money={result.total} className="order-total-amount" />
      </p>
      <p>
        <StorefrontLink href="/">Continue shopping</StorefrontLink>
      </p>
    </Layout>
  );
}
