/** Compares one product page (visible variant prices and JSON-LD offers) with the database. */
import { parseDecimal, toDecimalString, type Money } from '../../lib/money/money';
import { describeCompareAt, describeMoney, sameMoney } from './describe';
import { readProductPage } from './read-page';
import type { CheckResult, ExpectedProduct, FetchedPage, Mismatch, ShownOffer, ShownVariant } from './types';

export function checkProductPage(path: string, product: ExpectedProduct, page: FetchedPage): CheckResult {
  if (product.status !== 'ACTIVE') {
    // Draft and archived products must answer 404; a 200 is a page a purge never reached.
    if (page.status === 404) return { mismatches: [], pricesChecked: 0 };
    const shown = page.status === 200 ? '200 (the page is still served)' : String(page.status);
    return result([
      { kind: 'stale-page', page: path, product: product.slug, expected: `404 (${product.status})`, shown },
    ]);
  }
  if (page.status !== 200) {
    return result([
      { kind: 'page-error', page: path, product: product.slug, expected: '200', shown: String(page.status) },
    ]);
  }
  const shown = readProductPage(page.html);
  const mismatches: Mismatch[] = [];
  let pricesChecked = 0;
  for (const variant of product.variants) {
    const at = { page: path, product: product.slug, sku: variant.sku };
    const row = shown.variants.find((v) => v.sku === variant.sku);
    if (!row)
      mismatches.push({ kind: 'missing-variant', ...at, expected: describeMoney(variant.price), shown: 'no row' });
    else pricesChecked += compareRow(row, variant.price, variant.compareAtPrice, at, mismatches);
    if (shown.offers) {
      pricesChecked += 1;
      const problem = compareOffer(
        shown.offers.find((o) => o.sku === variant.sku),
        variant.price,
      );
      if (problem)
        mismatches.push({ kind: 'json-ld-offer', ...at, expected: describeMoney(variant.price), shown: problem });
    }
  }
  if (!shown.offers) {
    mismatches.push({
      kind: 'json-ld-offer',
      page: path,
      product: product.slug,
      expected: 'Product JSON-LD',
      shown: 'none',
    });
  }
  // The picker shows one variant's price again: the database's, like its row.
  const chosen = shown.chosen && product.variants.find((v) => v.sku === shown.chosen?.sku);
  if (shown.chosen && chosen) {
    const at = { page: path, product: product.slug, sku: chosen.sku };
    pricesChecked += compareRow(shown.chosen, chosen.price, chosen.compareAtPrice, at, mismatches);
  }
  const picked = shown.chosen ? [{ ...shown.chosen, where: 'the option picker' }] : [];
  mismatches.push(...unexpectedSkus(path, product, shown.variants, shown.offers ?? [], picked));
  return { mismatches, pricesChecked };
}

function result(mismatches: Mismatch[]): CheckResult {
  return { mismatches, pricesChecked: 0 };
}

type At = Pick<Mismatch, 'page' | 'product' | 'sku'>;

function compareRow(row: ShownVariant, price: Money, compareAt: Money | null, at: At, out: Mismatch[]): number {
  if (!sameMoney(price, row.price)) {
    out.push({ kind: 'variant-price', ...at, expected: describeMoney(price), shown: describeMoney(row.price) });
  }
  if (!sameMoney(compareAt, row.compareAtPrice)) {
    const [expected, shown] = [describeCompareAt(compareAt), describeCompareAt(row.compareAtPrice)];
    out.push({ kind: 'variant-compare-at', ...at, expected, shown });
  }
  return compareAt || row.compareAtPrice ? 2 : 1;
}

/** What is wrong with the offer, or undefined when it states the price exactly. */
function compareOffer(offer: ShownOffer | undefined, price: Money): string | undefined {
  if (!offer) return 'no offer';
  const text = `${offer.price} ${offer.currency}`.trim();
  if (offer.currency !== price.currency) return text;
  try {
    // Parsed, not compared as text: "19.9" states the same price as "19.90".
    return parseDecimal(offer.price, offer.currency).amount === price.amount ? undefined : text;
  } catch {
    return `${text} (not a price in ${price.currency}; expected "${toDecimalString(price)}")`;
  }
}

function unexpectedSkus(
  path: string,
  product: ExpectedProduct,
  rows: ShownVariant[],
  offers: ShownOffer[],
  picked: { sku: string; where: string }[],
) {
  const known = new Set(product.variants.map((v) => v.sku));
  const shown = [
    ...rows.map((r) => ({ sku: r.sku, where: 'a row' })),
    ...offers.map((o) => ({ sku: o.sku, where: 'a JSON-LD offer' })),
    ...picked.map(({ sku, where }) => ({ sku, where })),
  ];
  return shown
    .filter(({ sku }) => !known.has(sku))
    .map(({ sku, where }): Mismatch => ({
      kind: 'unexpected-variant',
      page: path,
      product: product.slug,
      sku,
      expected: 'no such variant',
      shown: where,
    }));
}
