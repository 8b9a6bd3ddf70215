/**
 * Reads prices out of storefront HTML. Prices are read from the data attributes <Price> writes
 * (`data-price-minor`, `data-currency`), never from formatted text, so the check does not depend
 * on locale formatting; JSON-LD offers are read as search engines read them.
 */
import { parse, type HTMLElement } from 'node-html-parser';
import type { ShownCard, ShownMoney, ShownOffer, ShownProductPage, ShownVariant } from './types';

const PRICE = '[data-price-minor]';
const COMPARE_AT = '.compare-at';

/** Every product card (`data-product-slug`) on a home or listing page, in page order. */
export function readCards(html: string): ShownCard[] {
  return cardsIn(parse(html));
}

function cardsIn(root: HTMLElement): ShownCard[] {
  return root
    .querySelectorAll('[data-product-slug]')
    .map((card) => ({ slug: card.getAttribute('data-product-slug') ?? '', ...readPrices(card) }));
}

/** The variant rows (`data-sku`), the option picker's chosen variant and the JSON-LD offers of a product page. */
export function readProductPage(html: string): ShownProductPage {
  const root = parse(html);
  const variants: ShownVariant[] = root
    .querySelectorAll('[data-sku]')
    .map((row) => ({ sku: row.getAttribute('data-sku') ?? '', ...readPrices(row) }));
  const picker = root.querySelector('[data-chosen-sku]');
  const chosen = picker ? { sku: picker.getAttribute('data-chosen-sku') ?? '', ...readPrices(picker) } : null;
  return { variants, chosen, offers: readOffers(root) };
}

/** The cards of a home or listing page and the href of its `rel="next"` link, if it has one. */
export function readListingPage(html: string): { cards: ShownCard[]; nextPath: string | undefined } {
  const root = parse(html);
  return { cards: cardsIn(root), nextPath: root.querySelector('a[rel="next"]')?.getAttribute('href') ?? undefined };
}

function readPrices(container: HTMLElement): { price: ShownMoney; compareAtPrice: ShownMoney } {
  const prices = container.querySelectorAll(PRICE);
  const price = prices.find((element) => !element.closest(COMPARE_AT));
  const compareAt = prices.find((element) => element.closest(COMPARE_AT));
  return { price: price ? readMoney(price) : null, compareAtPrice: compareAt ? readMoney(compareAt) : null };
}

function readMoney(element: HTMLElement): ShownMoney {
  const amount = element.getAttribute('data-price-minor') ?? '';
  const currency = element.getAttribute('data-currency') ?? '';
  if (!/^-?\d{1,15}$/.test(amount) || !/^[A-Z]{3}$/.test(currency)) return null;
  return { amount: Number(amount), currency };
}

function readOffers(root: HTMLElement): ShownOffer[] | null {
  for (const script of root.querySelectorAll('script[type="application/ld+json"]')) {
    const product = findProduct(parseJson(script.rawText));
    if (product) return offersOf(product);
  }
  return null;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The Product node of a JSON-LD document: the top-level object, an array item or an @graph item. */
function findProduct(document: unknown): JsonObject | undefined {
  const nodes = Array.isArray(document)
    ? document
    : isObject(document)
      ? [document, ...asArray(document['@graph'])]
      : [];
  return nodes.filter(isObject).find((node) => node['@type'] === 'Product');
}

function asArray(value: unknown): unknown[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

function offersOf(product: JsonObject): ShownOffer[] {
  return asArray(product.offers)
    .filter(isObject)
    .map((offer) => ({ sku: scalar(offer.sku), price: scalar(offer.price), currency: scalar(offer.priceCurrency) }));
}

function scalar(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
}
