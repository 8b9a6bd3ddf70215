import { applyCheckoutEvent } from '../../orders/apply-checkout-event';
import type { StripeEventHandler } from './handler';

// checkout.session.*: an order, its payment, or a released reservation (lib/orders).

export const handleCheckoutCompleted: StripeEventHandler<'checkout.session.completed'> = (scope, event) =>
  applyCheckoutEvent(scope, event.type, event.data.object, event.id);

export const handleAsyncPaymentSucceeded: StripeEventHandler<'checkout.session.async_payment_succeeded'> = (
  scope,
  event,
) => applyCheckoutEvent(scope, event.type, event.data.object, event.id);

export const handleAsyncPaymentFailed: StripeEventHandler<'checkout.session.async_payment_failed'> = (scope, event) =>
  applyCheckoutEvent(scope, event.type, event.data.object, event.id);

export const handleCheckoutExpired: StripeEventHandler<'checkout.session.expired'> = (scope, event) =>
  applyCheckoutEvent(scope, event.type, event.data.object, event.id);
