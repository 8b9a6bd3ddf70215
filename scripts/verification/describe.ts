import { toDecimalString, type Money } from '../../lib/money/money';
import type { ShownMoney } from './types';

/** "19.99 USD", or "no price" for a missing or unreadable one. */
export function describeMoney(money: ShownMoney): string {
  if (!money) return 'no price';
  try {
    return `${toDecimalString(money)} ${money.currency}`;
  } catch {
    return `${money.amount} minor units of ${money.currency}`;
  }
}

/** Same amount and currency; two missing prices are the same too. */
export function sameMoney(expected: Money | null, shown: ShownMoney): boolean {
  if (expected === null || shown === null) return expected === shown;
  return expected.amount === shown.amount && expected.currency === shown.currency;
}

/** A compare-at ("was") price, or "none": having none is normal. */
export function describeCompareAt(money: ShownMoney): string {
  return money ? describeMoney(money) : 'none';
}
