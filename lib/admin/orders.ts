/** Reads of recorded orders for the admin dashboard (never cached; every status is visible here). */
import { getDb } from '../db';
import type { OrderFlag, OrderStatus, Prisma } from '../generated/prisma/client';
import type { Money } from '../money/money';
import type { OrderFilters } from '../validations/order-filters';

export const ORDER_PAGE_SIZE = 50;

export type { OrderFlag, OrderStatus };

export interface AdminOrderRow {
  id: number;
  createdAt: string;
  email: string | null;
  status: OrderStatus;
  total: Money;
  /** Units over all lines (a line of 3 mugs counts 3). */
  itemCount: number;
  flags: OrderFlag[];
}

export interface AdminOrderList {
  rows: AdminOrderRow[];
  /** Orders matching the filters. */
  total: number;
  pageCount: number;
  /** Flagged orders in the whole shop, whatever the filters: what needs the owner's attention. */
  flaggedCount: number;
}

/** A currency column is CHAR(3): an empty code comes back as blanks. */
function moneyOf(amount: number, currency: string): Money {
  return { amount, currency: currency.trim() };
}

function whereFor({ status, flagged }: OrderFilters): Prisma.OrderWhereInput {
  return { ...(status ? { status } : {}), ...(flagged ? { flags: { isEmpty: false } } : {}) };
}

/** One page of orders, newest first, with the number of flagged orders. */
export async function listOrdersForAdmin(filters: OrderFilters): Promise<AdminOrderList> {
  const db = getDb();
  const where = whereFor(filters);
  const [total, flaggedCount, orders] = await Promise.all([
    db.order.count({ where }),
    db.order.count({ where: { flags: { isEmpty: false } } }),
    db.order.findMany({
      where,
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      skip: (filters.page - 1) * ORDER_PAGE_SIZE,
      take: ORDER_PAGE_SIZE,
      select: {
        id: true,
        createdAt: true,
        email: true,
        status: true,
        currency: true,
        amountTotal: true,
        flags: true,
        lines: { select: { quantity: true } },
      },
    }),
  ]);
  const rows = orders.map(({ createdAt, currency, amountTotal, lines, ...order }) => ({
    ...order,
    createdAt: createdAt.toISOString(),
    total: moneyOf(amountTotal, currency),
    itemCount: lines.reduce((sum, line) => sum + line.quantity, 0),
  }));
  return { rows, total, flaggedCount, pageCount: Math.max(1, Math.ceil(total / ORDER_PAGE_SIZE)) };
}

const detailSelect = {
  id: true,
  status: true,
  createdAt: true,
  updatedAt: true,
  email: true,
  stripeSessionId: true,
  stripePaymentIntentId: true,
  currency: true,
  amountSubtotal: true,
  amountTotal: true,
  flags: true,
  flagDetail: true,
  lines: {
    orderBy: { id: 'asc' },
    select: {
      id: true,
      sku: true,
      title: true,
      quantity: true,
      unitAmount: true,
      databasePrice: true,
      databaseCurrency: true,
      variant: { select: { productId: true } },
    },
  },
} as const satisfies Prisma.OrderSelect;

type OrderLineRecord = Prisma.OrderGetPayload<{ select: typeof detailSelect }>['lines'][number];

function reshapeLine(
  { unitAmount, databasePrice, databaseCurrency, variant, ...line }: OrderLineRecord,
  currency: string,
) {
  const charged = moneyOf(unitAmount, currency);
  const database = moneyOf(databasePrice, databaseCurrency);
  return {
    ...line,
    unitAmount: charged,
    databasePrice: database,
    priceDiffers: charged.amount !== database.amount || charged.currency !== database.currency,
    lineTotal: moneyOf(unitAmount * line.quantity, currency),
    /** The product's admin page, while the variant still exists. */
    productId: variant?.productId ?? null,
  };
}

/** One order with its lines as charged beside the database's prices, or null if there is none. */
export async function getOrderForAdmin(id: number) {
  const order = await getDb().order.findUnique({ where: { id }, select: detailSelect });
  if (!order) return null;
  const { createdAt, updatedAt, currency, amountSubtotal, amountTotal, lines, ...rest } = order;
  return {
    ...rest,
    createdAt: createdAt.toISOString(),
    updatedAt: updatedAt.toISOString(),
    subtotal: moneyOf(amountSubtotal, currency),
    total: moneyOf(amountTotal, currency),
    lines: lines.map((line) => reshapeLine(line, currency)),
  };
}

export type AdminOrderDetail = NonNullable<Awaited<ReturnType<typeof getOrderForAdmin>>>;
export type AdminOrderLine = AdminOrderDetail['lines'][number];
