import { applyShopifyDelivery } from '../shopify/apply-webhook';
import { applyStripeDelivery } from '../stripe/apply-event';
import type { DeliveryAppliers } from './apply-delivery';

/** Which provider's code applies its deliveries: the inbox itself knows no payload shapes. */
export const deliveryAppliers: DeliveryAppliers = {
  STRIPE: applyStripeDelivery,
  SHOPIFY: applyShopifyDelivery,
};
