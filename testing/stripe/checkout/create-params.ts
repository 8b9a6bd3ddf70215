/**
 * The parameters of `POST /v1/checkout/sessions`, validated as Stripe validates them, for the
 * subset the stand-in implements: one-time payments with `price` or `price_data` lines.
 */
import type Stripe from 'stripe';
import { type FormReader } from '../form-body';
import { invalid, missing, missingParam, notImplemented } from '../stub-errors';

export interface LineInput {
  /** A stored price, or a new inline one from `price_data` (with its product, if made from `product_data`). */
  price: Stripe.Price;
  inlineProduct: Stripe.Product | null;
  quantity: number;
  metadata: Record<string, string> | null;
}

export interface CheckoutSessionInput {
  lines: LineInput[];
  currency: string;
  metadata: Record<string, string>;
  clientReferenceId: string | null;
  customerEmail: string | null;
  successUrl: string;
  cancelUrl: string;
  expiresAt: number;
  expand: string[];
}

/** What creating a session needs from the rest of the stub. */
export interface CreateContext {
  now: number;
  findPrice: (id: string) => Stripe.Price | undefined;
  findProduct: (id: string) => Stripe.Product | undefined;
  /** Builds the price (and product) Stripe creates for a `price_data` line. */
  inlinePrice: (data: InlinePriceData) => { price: Stripe.Price; product: Stripe.Product | null };
}

export interface InlinePriceData {
  currency: string;
  unitAmount: number;
  product: string | { name: string; description: string | null; metadata: Record<string, string>; images: string[] };
}

const SUPPORTED = [
  'adaptive_pricing',
  'cancel_url',
  'client_reference_id',
  'customer_email',
  'expand',
  'expires_at',
  'line_items',
  'metadata',
  'mode',
  'success_url',
];
/** Stripe's other parameters (API 2026-10-28): a 501, so they are never mistaken for ignored. */
// prettier-ignore
const ALSO_REAL = [
  'after_expiration', 'allow_promotion_codes', 'allowed_payment_method_types', 'automatic_tax',
  'billing_address_collection', 'branding_settings', 'consent_collection', 'currency', 'custom_fields', 'custom_text',
  'customer', 'customer_account', 'customer_creation', 'customer_update', 'discounts', 'excluded_payment_method_types',
  'integration_identifier', 'invoice_creation', 'locale', 'managed_payments', 'name_collection', 'optional_items',
  'origin_context', 'payment_intent_data', 'payment_method_collection', 'payment_method_configuration',
  'payment_method_data', 'payment_method_options', 'payment_method_types', 'permissions', 'phone_number_collection',
  'redirect_on_completion', 'return_url', 'saved_payment_method_options', 'setup_intent_data',
  'shipping_address_collection', 'shipping_options', 'submit_type', 'subscription_data', 'tax_id_collection', 'ui_mode',
  'wallet_options',
];

const MIN_EXPIRY_SECONDS = 30 * 60;
const MAX_EXPIRY_SECONDS = 24 * 60 * 60;
/** Stripe's largest amount for most currencies (99,999,999 minor units). */
const MAX_AMOUNT = 99_999_999;

export function readCreateParams(form: FormReader, context: CreateContext): CheckoutSessionInput {
  form.only(SUPPORTED, ALSO_REAL);
  readAdaptivePricing(form);
  const mode = form.requiredString('mode');
  if (mode === 'setup' || mode === 'subscription') throw notImplemented(`mode=${mode}`);
  if (mode !== 'payment') throw invalid(`Invalid mode: must be one of payment, setup, or subscription`, 'mode');
  const lineForms = form.list('line_items');
  if (lineForms === undefined || lineForms.length === 0) {
    throw invalid('`line_items` is required in `payment` mode.', 'line_items', 'parameter_missing');
  }
  if (lineForms.length > 100) throw invalid('A Checkout Session may have at most 100 line items.', 'line_items');
  const lines = lineForms.map((line) => readLine(line, context));
  const currencies = [...new Set(lines.map((line) => line.price.currency))];
  if (currencies.length > 1) {
    throw invalid(
      `The line items of a Checkout Session must all use the same currency; got ${currencies.join(', ')}.`,
      'line_items',
    );
  }
  return {
    lines,
    currency: currencies[0] ?? 'usd',
    metadata: readMetadata(form, 'metadata') ?? {},
    clientReferenceId: readClientReferenceId(form),
    customerEmail: readEmail(form),
    successUrl: readUrl(form, 'success_url'),
    cancelUrl: readUrl(form, 'cancel_url'),
    expiresAt: readExpiresAt(form, context.now),
    expand: form.stringList('expand') ?? [],
  };
}

/**
 * Adaptive Pricing (Stripe converts the price into the buyer's currency) may only be turned off
 * here: the stand-in never converts, so a session that asks for it would not behave like Stripe's.
 */
function readAdaptivePricing(form: FormReader): void {
  const adaptive = form.hashAt('adaptive_pricing');
  if (adaptive === undefined) return;
  adaptive.only(['enabled']);
  const enabled = adaptive.string('enabled');
  if (enabled === 'true')
    throw notImplemented('adaptive_pricing[enabled]=true (the stand-in never converts currencies)');
  if (enabled !== 'false') throw invalid('Invalid boolean: adaptive_pricing[enabled]', 'adaptive_pricing[enabled]');
}

function readLine(line: FormReader, context: CreateContext): LineInput {
  line.only(['metadata', 'price', 'price_data', 'quantity'], ['adjustable_quantity', 'dynamic_tax_rates', 'tax_rates']);
  const quantity = line.integer('quantity');
  if (quantity === undefined) throw missingParam(line.param('quantity'));
  if (quantity < 1) throw invalid('This value must be greater than or equal to 1.', line.param('quantity'));
  const metadata = readMetadata(line, 'metadata') ?? null;
  const priceId = line.string('price');
  const priceData = line.hashAt('price_data');
  if (priceId !== undefined && priceData !== undefined) {
    throw invalid('You may only specify one of these parameters: price, price_data.', line.param('price'));
  }
  if (priceId !== undefined) {
    return { price: storedPrice(priceId, line.param('price'), context), inlineProduct: null, quantity, metadata };
  }
  if (priceData === undefined) {
    throw invalid('You must specify either `price` or `price_data` for each line item.', line.param('price'));
  }
  const { price, product } = context.inlinePrice(readPriceData(priceData, context));
  return { price, inlineProduct: product, quantity, metadata };
}

function storedPrice(id: string, param: string, context: CreateContext): Stripe.Price {
  const price = context.findPrice(id);
  if (price === undefined) throw missing('price', id, param, 400);
  if (price.type === 'recurring' || price.recurring !== null) {
    throw invalid(
      'You specified `payment` mode but passed a recurring price. Either switch to `subscription` mode or use only one-time prices.',
      param,
    );
  }
  if (!price.active)
    throw invalid(`The price specified (${id}) is inactive. This field only accepts active prices.`, param);
  return price;
}

function readPriceData(data: FormReader, context: CreateContext): InlinePriceData {
  data.only(
    ['currency', 'product', 'product_data', 'unit_amount'],
    ['recurring', 'tax_behavior', 'unit_amount_decimal'],
  );
  const currency = data.requiredString('currency').toLowerCase();
  if (!isCurrency(currency)) throw invalid(`Invalid currency: ${currency}.`, data.param('currency'));
  const unitAmount = data.integer('unit_amount');
  if (unitAmount === undefined) throw missingParam(data.param('unit_amount'));
  if (unitAmount < 0) throw invalid('This value must be greater than or equal to 0.', data.param('unit_amount'));
  if (unitAmount > MAX_AMOUNT) {
    throw invalid(`This value must be less than or equal to ${MAX_AMOUNT}.`, data.param('unit_amount'));
  }
  const productId = data.string('product');
  const productData = data.hashAt('product_data');
  if ((productId === undefined) === (productData === undefined)) {
    throw invalid('You must specify exactly one of these parameters: product, product_data.', data.param('product'));
  }
  if (productId !== undefined) {
    if (context.findProduct(productId) === undefined) throw missing('product', productId, data.param('product'), 400);
    return { currency, unitAmount, product: productId };
  }
  const product = productData as FormReader;
  product.only(['description', 'images', 'metadata', 'name'], ['tax_code', 'unit_label']);
  return {
    currency,
    unitAmount,
    product: {
      name: product.requiredString('name'),
      description: product.string('description') ?? null,
      metadata: readMetadata(product, 'metadata') ?? {},
      images: product.stringList('images') ?? [],
    },
  };
}

function readMetadata(form: FormReader, name: string): Record<string, string> | undefined {
  const metadata = form.strings(name);
  if (metadata === undefined) return undefined;
  const entries = Object.entries(metadata);
  if (entries.length > 50) throw invalid('Metadata can have at most 50 keys.', form.param(name));
  for (const [key, value] of entries) {
    if (key.length > 40) throw invalid('Metadata keys can be at most 40 characters long.', form.param(name));
    if (value.length > 500) throw invalid('Metadata values can be at most 500 characters long.', form.param(name));
  }
  return metadata;
}

function readClientReferenceId(form: FormReader): string | null {
  const id = form.string('client_reference_id');
  if (id !== undefined && id.length > 200) {
    throw invalid('This value must be at most 200 characters long.', 'client_reference_id');
  }
  return id === undefined || id === '' ? null : id;
}

function readEmail(form: FormReader): string | null {
  const email = form.string('customer_email');
  if (email === undefined || email === '') return null;
  if (!isEmail(email)) throw invalid(`Invalid email address: ${email}`, 'customer_email', 'email_invalid');
  return email;
}

function readUrl(form: FormReader, name: string): string {
  const url = form.requiredString(name);
  if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) {
    throw invalid('Not a valid URL', name, 'url_invalid');
  }
  return url;
}

function readExpiresAt(form: FormReader, now: number): number {
  const expiresAt = form.integer('expires_at');
  if (expiresAt === undefined) return now + MAX_EXPIRY_SECONDS;
  if (expiresAt < now + MIN_EXPIRY_SECONDS) {
    throw invalid(
      'The `expires_at` timestamp must be at least 30 minutes from Checkout Session creation.',
      'expires_at',
    );
  }
  if (expiresAt > now + MAX_EXPIRY_SECONDS) {
    throw invalid(
      'The `expires_at` timestamp must be less than 24 hours from Checkout Session creation.',
      'expires_at',
    );
  }
  return expiresAt;
}

export function isEmail(value: string): boolean {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value);
}

function isCurrency(code: string): boolean {
  return Intl.supportedValuesOf('currency').includes(code.toUpperCase());
}
