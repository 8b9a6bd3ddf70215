import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDb } from './db';
import { apiHandler } from './http/api-handler';
import { DatabaseBusyError, inTransaction } from './transaction';

const SLUG = `tx-${Date.now().toString(36)}`;
let productId = 0;
let holder: pg.Client;

beforeAll(async () => {
  productId = (await getDb().product.create({ data: { slug: SLUG, title: 'Locked' } })).id;
  holder = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await holder.connect();
});

afterAll(async () => {
  await holder.end();
  await getDb().product.deleteMany({ where: { slug: SLUG } });
  await getDb().$disconnect();
});

/** Runs `work` while another session holds the product's row lock (as a bulk change would). */
async function whileLocked<T>(work: () => Promise<T>): Promise<T> {
  await holder.query('BEGIN');
  await holder.query('SELECT id FROM "Product" WHERE id = $1 FOR UPDATE', [productId]);
  try {
    return await work();
  } finally {
    await holder.query('ROLLBACK');
  }
}

const updateTitle = (lockTimeoutMs: number) =>
  inTransaction((tx) => tx.product.update({ where: { id: productId }, data: { title: 'Changed' } }), {
    lockTimeoutMs,
    statementTimeoutMs: 60_000,
    timeoutMs: 60_000,
    maxWaitMs: 2_000,
  });

describe('inTransaction', () => {
  it('stops waiting for a row lock after lockTimeoutMs, as a DatabaseBusyError, changing nothing', async () => {
    const outcome = await whileLocked(() =>
      updateTitle(200).then(
        () => 'updated',
        (error: unknown) => error,
      ),
    );
    expect(outcome).toBeInstanceOf(DatabaseBusyError);
    expect((outcome as DatabaseBusyError).message).toMatch(/Nothing was changed.*lock.*Try again/);
    expect((await getDb().product.findUniqueOrThrow({ where: { id: productId } })).title).toBe('Locked');
  });

  it('stops a statement after statementTimeoutMs', async () => {
    const slow = inTransaction((tx) => tx.$queryRaw`SELECT pg_sleep(2)`, {
      lockTimeoutMs: 1_000,
      statementTimeoutMs: 100,
      timeoutMs: 10_000,
      maxWaitMs: 2_000,
    });
    await expect(slow).rejects.toBeInstanceOf(DatabaseBusyError);
  });

  it('commits once the lock is free', async () => {
    await updateTitle(1_000);
    expect((await getDb().product.findUniqueOrThrow({ where: { id: productId } })).title).toBe('Changed');
  });
});

describe('the API wrapper', () => {
  it('answers a lock wait with 503, Retry-After and the message, not 500', async () => {
    const handler = apiHandler({
      PUT: async () => {
        await updateTitle(200);
      },
    });
    const sent: { status?: number; headers: Record<string, string>; body?: unknown } = { headers: {} };
    const res = {
      setHeader: (name: string, value: string) => void (sent.headers[name.toLowerCase()] = value),
      status(code: number) {
        sent.status = code;
        return this;
      },
      json(body: unknown) {
        sent.body = body;
        return this;
      },
    };
    await whileLocked(async () => {
      await handler({ method: 'PUT' } as never, res as never);
    });
    expect(sent.status).toBe(503);
    expect(Number(sent.headers['retry-after'])).toBeGreaterThan(0);
    expect(sent.body).toMatchObject({ message: expect.stringMatching(/Try again/) as unknown });
  });
});
