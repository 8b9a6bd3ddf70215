/**
 * Checkout Session and line item objects shaped as the API sends them for the SDK's pinned
 * version: every top-level field present, with the value Stripe gives a hosted, one-time
 * payment session that uses none of the optional features.
 */
import type Stripe from 'stripe';
import { base62 } from '../fixtures';
import type { CheckoutSessionInput, LineInput } from './create-params';

export const checkoutSessionId = (): string => `cs_test_a1${base62(56)}`;
export const lineItemId = (): string => `li_1${base62(23)}`;
export const paymentIntentId = (): string => `pi_3${base62(23)}`;

/** `description`: the product's name, as Stripe shows it. */
export function newLineItem(line: LineInput, description: string | null): Stripe.LineItem {
  const amount = line.price.unit_amount ?? 0;
  return {
    id: lineItemId(),
    object: 'item',
    adjustable_quantity: null,
    amount_discount: 0,
    amount_subtotal: amount * line.quantity,
    amount_tax: 0,
    amount_total: amount * line.quantity,
    currency: line.price.currency,
    description,
    metadata: line.metadata,
    price: line.price,
    quantity: line.quantity,
  };
}

export function newCheckoutSession(
  input: CheckoutSessionInput,
  lineItems: readonly Stripe.LineItem[],
  fields: { id: string; created: number; url: string },
): Stripe.Checkout.Session {
  const amount = lineItems.reduce((sum, item) => sum + item.amount_total, 0);
  return {
    id: fields.id,
    object: 'checkout.session',
    adaptive_pricing: { enabled: false },
    after_expiration: null,
    allow_promotion_codes: null,
    allowed_payment_method_types: null,
    amount_subtotal: amount,
    amount_total: amount,
    automatic_tax: { enabled: false, liability: null, provider: null, status: null },
    billing_address_collection: null,
    cancel_url: input.cancelUrl,
    client_reference_id: input.clientReferenceId,
    client_secret: null,
    collected_information: null,
    consent: null,
    consent_collection: null,
    created: fields.created,
    currency: input.currency,
    currency_conversion: null,
    custom_fields: [],
    custom_text: { after_submit: null, shipping_address: null, submit: null, terms_of_service_acceptance: null },
    customer: null,
    customer_account: null,
    customer_creation: 'if_required',
    customer_details: null,
    customer_email: input.customerEmail,
    discounts: [],
    expires_at: input.expiresAt,
    integration_identifier: null,
    invoice: null,
    invoice_creation: null,
    livemode: false,
    locale: null,
    managed_payments: null,
    metadata: input.metadata,
    mode: 'payment',
    origin_context: null,
    payment_intent: null,
    payment_link: null,
    payment_method_collection: 'if_required',
    payment_method_configuration_details: null,
    payment_method_options: {},
    payment_method_types: ['card'],
    payment_status: 'unpaid',
    permissions: null,
    phone_number_collection: { enabled: false },
    recovered_from: null,
    saved_payment_method_options: null,
    setup_intent: null,
    shipping_address_collection: null,
    shipping_cost: null,
    shipping_options: [],
    status: 'open',
    submit_type: null,
    subscription: null,
    success_url: input.successUrl,
    total_details: { amount_discount: 0, amount_shipping: 0, amount_tax: 0 },
    ui_mode: 'hosted_page',
    url: fields.url,
    wallet_options: null,
  };
}

/** What Checkout records about the buyer who paid. */
export function customerDetails(email: string): Stripe.Checkout.Session.CustomerDetails {
  return {
    address: null,
    business_name: null,
    email,
    individual_name: null,
    name: null,
    phone: null,
    tax_exempt: 'none',
    tax_ids: [],
  };
}
