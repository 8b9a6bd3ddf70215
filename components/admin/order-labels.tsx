import type { OrderFlag, OrderStatus } from '@/lib/admin/orders';
import type { Money } from '@/lib/money/money';
import { formatMoney } from './format';

const STATUS_LABELS: Record<OrderStatus, string> = {
  PAID: 'Paid',
  AWAITING_PAYMENT: 'Awaiting payment',
  PAYMENT_FAILED: 'Payment failed',
};

const FLAG_LABELS: Record<OrderFlag, string> = {
  PRICE_DIFFERS: 'Price differs',
  OVERSOLD: 'Oversold',
  TOTAL_DIFFERS: 'Total differs',
  UNKNOWN_CHECKOUT: 'Unknown checkout',
  CHECKOUT_NOT_HELD: 'Checkout not held',
};

/** Every status, in the order the filter offers them (the record above names each once). */
export const ORDER_STATUS_CHOICES = Object.keys(STATUS_LABELS) as OrderStatus[];

export function orderStatusLabel(status: OrderStatus): string {
  return STATUS_LABELS[status];
}

export function OrderStatusText({ status }: { status: OrderStatus }) {
  return (
    <span className="order-status" data-status={status}>
      {STATUS_LABELS[status]}
    </span>
  );
}

/** "Flagged: Oversold, Price differs" in words, so the warning never rests on colour alone. */
export function OrderFlagBadge({ flags }: { flags: OrderFlag[] }) {
  if (flags.length === 0) return null;
  return (
    <span className="order-flag" data-flags={flags.join(' ')}>
      Flagged: {flags.map((flag) => FLAG_LABELS[flag]).join(', ')}
    </span>
  );
}

/**
 * formatMoney, or the bare minor units when the order's currency is not one we know (an event
 * without a currency): the order must still be shown to be dealt with.
 */
export function formatOrderMoney(money: Money): string {
  try {
    return formatMoney(money);
  } catch {
    return `${money.amount} minor units ${money.currency || '(no currency)'}`;
  }
}
