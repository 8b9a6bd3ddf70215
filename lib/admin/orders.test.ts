/**
 * The admin's order reads against a real database of their own (they count every order in it):
 * newest first, the status and flagged filters, pages of 50, and the detail's lines as charged
 * beside the database's price.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withOwnDatabase } from '../../testing/own-database';
import { orderFiltersSchema, type OrderFilters } from '../validations/order-filters';

withOwnDatabase();

const { getDb } = await import('../db');
const { getOrderForAdmin, listOrdersForAdmin, ORDER_PAGE_SIZE } = await import('./orders');

const PREFIX = `ord-${Date.now().toString(36)}`;
const START = new Date('2026-03-01T12:00:00Z');
const minutesAfterStart = (minutes: number) => new Date(START.getTime() + minutes * 60_000);
/** Older orders that fill the first page, so the four named ones and two more make a second. */
const FILLER_COUNT = ORDER_PAGE_SIZE - 2;

let productId: number;
let variantId: number;
const ids = { paid: 0, awaiting: 0, flagged: 0, unknown: 0 };

function order(name: string, minutes: number, data: Record<string, unknown> = {}) {
  return {
    stripeSessionId: `cs_test_${PREFIX}_${name}`,
    status: 'PAID' as const,
    currency: 'USD',
    amountSubtotal: 0,
    amountTotal: 0,
    createdByEventId: `evt_${PREFIX}_${name}`,
    createdAt: minutesAfterStart(minutes),
    ...data,
  };
}

beforeAll(async () => {
  const db = getDb();
  const product = await db.product.create({
    data: {
      slug: `${PREFIX}-mug`,
      title: 'Mug',
      status: 'ACTIVE',
      variants: { create: { sku: `${PREFIX}-MUG`, title: 'Default', price: 1200, currency: 'USD', stock: 5 } },
    },
    include: { variants: true },
  });
  productId = product.id;
  variantId = product.variants[0]!.id;
  const mugLine = { variantId, sku: `${PREFIX}-MUG`, title: 'Mug', databasePrice: 1200, databaseCurrency: 'USD' };

  await db.order.createMany({
    data: Array.from({ length: FILLER_COUNT }, (_, i) =>
      order(`filler${i}`, -100 - i, { status: 'AWAITING_PAYMENT', amountSubtotal: 1200, amountTotal: 1200 }),
    ),
  });
  ids.paid = (
    await db.order.create({
      data: order('paid', 0, {
        amountSubtotal: 2400,
        amountTotal: 2400,
        email: 'paid@example.com',
        lines: { create: [{ ...mugLine, quantity: 2, unitAmount: 1200 }] },
      }),
    })
  ).id;
  ids.awaiting = (await db.order.create({ data: order('awaiting', 1, { status: 'AWAITING_PAYMENT' }) })).id;
  ids.flagged = (
    await db.order.create({
      data: order('flagged', 2, {
        amountSubtotal: 1500,
        amountTotal: 1650,
        email: 'flagged@example.com',
        stripePaymentIntentId: `pi_${PREFIX}`,
        flags: ['PRICE_DIFFERS', 'OVERSOLD'],
        flagDetail: `${PREFIX}-MUG was charged 1000 USD; the database's price is now 1200 USD.`,
        lines: {
          create: [
            { ...mugLine, quantity: 1, unitAmount: 1000 },
            // Its variant was deleted since: the line stays, without a product to link to.
            {
              sku: `${PREFIX}-GONE`,
              title: 'Gone',
              quantity: 1,
              unitAmount: 500,
              databasePrice: 500,
              databaseCurrency: 'USD',
            },
          ],
        },
      }),
    })
  ).id;
  ids.unknown = (
    await db.order.create({
      data: order('unknown', 3, { status: 'PAYMENT_FAILED', flags: ['UNKNOWN_CHECKOUT'], amountTotal: 900 }),
    })
  ).id;
});

afterAll(async () => {
  await getDb().$disconnect();
});

const filters = (query: Record<string, string> = {}): OrderFilters => orderFiltersSchema.parse(query);

describe('listOrdersForAdmin', () => {
  it('lists orders newest first with their total, item count and flags, and counts the flagged ones', async () => {
    const list = await listOrdersForAdmin(filters());
    expect(list.total).toBe(FILLER_COUNT + 4);
    expect(list.flaggedCount).toBe(2);
    expect(list.rows.slice(0, 4).map((row) => row.id)).toEqual([ids.unknown, ids.flagged, ids.awaiting, ids.paid]);
    expect(list.rows[3]).toEqual({
      id: ids.paid,
      createdAt: minutesAfterStart(0).toISOString(),
      email: 'paid@example.com',
      status: 'PAID',
      total: { amount: 2400, currency: 'USD' },
      itemCount: 2,
      flags: [],
    });
    expect(list.rows[1]).toMatchObject({ itemCount: 2, flags: ['PRICE_DIFFERS', 'OVERSOLD'] });
  });

  it('filters by status', async () => {
    const list = await listOrdersForAdmin(filters({ status: 'PAID' }));
    expect(list.rows.map((row) => row.id)).toEqual([ids.flagged, ids.paid]);
    expect(list.total).toBe(2);
    expect(list.pageCount).toBe(1);
  });

  it('shows only flagged orders when asked, still counting every flagged order', async () => {
    expect((await listOrdersForAdmin(filters({ flagged: '1' }))).rows.map((row) => row.id)).toEqual([
      ids.unknown,
      ids.flagged,
    ]);
    const paidFlagged = await listOrdersForAdmin(filters({ flagged: '1', status: 'PAID' }));
    expect(paidFlagged.rows.map((row) => row.id)).toEqual([ids.flagged]);
    expect(paidFlagged.flaggedCount).toBe(2);
  });

  it('pages by 50: the second page holds the oldest orders and repeats none of the first', async () => {
    const first = await listOrdersForAdmin(filters({ page: '1' }));
    const second = await listOrdersForAdmin(filters({ page: '2' }));
    expect(first.rows).toHaveLength(ORDER_PAGE_SIZE);
    expect(first.pageCount).toBe(2);
    expect(second.rows.map((row) => row.createdAt)).toEqual([
      minutesAfterStart(-100 - (FILLER_COUNT - 2)).toISOString(),
      minutesAfterStart(-100 - (FILLER_COUNT - 1)).toISOString(),
    ]);
    const firstIds = new Set(first.rows.map((row) => row.id));
    expect(second.rows.filter((row) => firstIds.has(row.id))).toEqual([]);
    expect((await listOrdersForAdmin(filters({ page: '3' }))).rows).toEqual([]);
  });
});

describe('getOrderForAdmin', () => {
  it('returns the order as Stripe charged it, each line beside the database price, linked while its variant exists', async () => {
    const detail = await getOrderForAdmin(ids.flagged);
    expect(detail).toMatchObject({
      id: ids.flagged,
      status: 'PAID',
      email: 'flagged@example.com',
      stripeSessionId: `cs_test_${PREFIX}_flagged`,
      stripePaymentIntentId: `pi_${PREFIX}`,
      subtotal: { amount: 1500, currency: 'USD' },
      total: { amount: 1650, currency: 'USD' },
      flags: ['PRICE_DIFFERS', 'OVERSOLD'],
      flagDetail: expect.stringContaining('was charged 1000 USD') as string,
      createdAt: minutesAfterStart(2).toISOString(),
    });
    expect(detail?.lines).toEqual([
      expect.objectContaining({
        sku: `${PREFIX}-MUG`,
        quantity: 1,
        unitAmount: { amount: 1000, currency: 'USD' },
        databasePrice: { amount: 1200, currency: 'USD' },
        priceDiffers: true,
        lineTotal: { amount: 1000, currency: 'USD' },
        productId,
      }),
      expect.objectContaining({ sku: `${PREFIX}-GONE`, priceDiffers: false, productId: null }),
    ]);
  });

  it('gives a line total of quantity times the unit amount charged', async () => {
    const detail = await getOrderForAdmin(ids.paid);
    expect(detail?.lines[0]).toMatchObject({
      quantity: 2,
      lineTotal: { amount: 2400, currency: 'USD' },
      priceDiffers: false,
    });
  });

  it('returns null for an order that does not exist', async () => {
    expect(await getOrderForAdmin(ids.unknown + 1_000_000)).toBeNull();
  });
});

describe('orderFiltersSchema', () => {
  it('falls back to no filter on malformed input', () => {
    expect(orderFiltersSchema.parse({ status: 'SHIPPED', flagged: 'yes', page: '-3' })).toEqual({
      status: undefined,
      flagged: false,
      page: 1,
    });
    expect(orderFiltersSchema.parse({ status: 'PAYMENT_FAILED', flagged: '1', page: '4' })).toEqual({
      status: 'PAYMENT_FAILED',
      flagged: true,
      page: 4,
    });
  });
});
