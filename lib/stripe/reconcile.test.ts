import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '../db';
import { withOwnDatabase } from '../../testing/own-database';
import { stripePrice, stripeProduct, unixNow } from '../../testing/stripe/fixtures';
import { reconcileStripe } from './reconcile';
import { createStripeStub, type StartedStripeStub } from '../../testing/stripe/stub-server';

// It archives every linked product the provider does not list: no other test file may see that.
withOwnDatabase();

const PREFIX = `recon-${Date.now().toString(36)}`;
const stub = createStripeStub();
let started: StartedStripeStub;
let stripe: Stripe;
const linkedId = `prod_${PREFIX.replace(/-/g, '')}a`;
const goneId = `prod_${PREFIX.replace(/-/g, '')}b`;

beforeAll(async () => {
  started = await stub.start();
  stripe = new Stripe('sk_test_reconcile', {
    host: '127.0.0.1',
    port: started.port,
    protocol: 'http',
    maxNetworkRetries: 0,
  });
  await getDb().product.create({
    data: {
      slug: `${PREFIX}-mug`,
      title: 'Mug',
      status: 'ACTIVE',
      stripeProductId: linkedId,
      variants: { create: { sku: `${PREFIX}-MUG`, title: 'Mug', price: 1200, currency: 'USD' } },
    },
  });
  await getDb().product.create({
    data: {
      slug: `${PREFIX}-gone`,
      title: 'Gone',
      status: 'ACTIVE',
      stripeProductId: goneId,
      variants: { create: { sku: `${PREFIX}-GONE`, title: 'Gone', price: 500, currency: 'USD' } },
    },
  });
});

afterAll(async () => {
  await started.close();
  await getDb().product.deleteMany({ where: { slug: { startsWith: PREFIX } } });
  await getDb().$disconnect();
});

describe('reconcileStripe', () => {
  it('applies missed changes from every page of the listings, and reports products Stripe no longer has', async () => {
    const t = unixNow() - 60;
    // More than one page of prices (the SDK asks for 100 at a time).
    for (let i = 0; i < 120; i++) {
      stub.setPrice(stripePrice({ product: `prod_other${i}`, unit_amount: 100 + i, metadata: {}, created: t }));
    }
    const old = stripePrice({
      product: linkedId,
      unit_amount: 1200,
      metadata: { sku: `${PREFIX}-MUG` },
      created: t - 100,
    });
    const current = stripePrice({
      product: linkedId,
      unit_amount: 1350,
      metadata: { sku: `${PREFIX}-MUG` },
      created: t,
    });
    stub.setPrice({ ...old, active: false });
    stub.setPrice(current);
    stub.setProduct(
      stripeProduct({ id: linkedId, name: 'Mug', description: null, default_price: current.id, created: t }),
    );

    const report = await reconcileStripe(stripe, { archiveMissing: false });
    expect(report.prices).toBeGreaterThanOrEqual(122);
    const mug = await getDb().variant.findUniqueOrThrow({ where: { sku: `${PREFIX}-MUG` } });
    expect(mug).toMatchObject({ price: 1350, stripePriceId: current.id });
    expect(report.changedProducts).toBe(1);
    expect(report.paths).toContain(`/products/${PREFIX}-mug`);
    expect(report.missing).toContain(goneId);
    expect((await getDb().product.findFirstOrThrow({ where: { stripeProductId: goneId } })).status).toBe('ACTIVE');

    const again = await reconcileStripe(stripe, { archiveMissing: true });
    expect(again.paths).not.toContain(`/products/${PREFIX}-mug`);
    expect((await getDb().product.findFirstOrThrow({ where: { stripeProductId: goneId } })).status).toBe('ARCHIVED');
    expect(await getDb().priceChange.count({ where: { sku: `${PREFIX}-MUG` } })).toBe(1);
  });
});
