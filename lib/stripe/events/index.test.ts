import { describe, expect, it } from 'vitest';
import { STRIPE_CATALOG_EVENT_TYPES } from '../objects';
import { stripeEventHandler } from './index';
import { handlePriceCreated } from './price-created';
import { handlePriceDeleted } from './price-deleted';
import { handleProductUpdated } from './product-updated';

describe('stripeEventHandler', () => {
  it('has a handler for every event type the reader accepts', () => {
    for (const type of STRIPE_CATALOG_EVENT_TYPES) expect(stripeEventHandler(type), type).toBeTypeOf('function');
  });

  it('files each handler under its own event type', () => {
    expect(stripeEventHandler('price.created')).toBe(handlePriceCreated);
    expect(stripeEventHandler('price.deleted')).toBe(handlePriceDeleted);
    expect(stripeEventHandler('product.updated')).toBe(handleProductUpdated);
  });

  it.each(['constructor', 'valueOf', '__proto__', 'toString', 'hasOwnProperty', 'customer.created', ''])(
    'has no handler for type %j (never one of Object.prototype)',
    (type) => {
      expect(stripeEventHandler(type)).toBeUndefined();
    },
  );
});
