import { Money as HydrogenMoney } from '@shopify/hydrogen-react';
import type { CurrencyCode } from '@shopify/hydrogen-react/storefront-api-types';
import { toMoneyV2, type Money } from '@/lib/money/money';

interface PriceProps {
  money: Money;
  className?: string;
}

/**
 * A price, formatted by hydrogen-react's <Money>. The data attributes carry the exact minor
 * units so tools (and tests) can check a page against the database without parsing text.
 */
export function Price({ money, className }: PriceProps) {
  const { amount, currencyCode } = toMoneyV2(money);
  return (
    <HydrogenMoney
      as="span"
      className={className}
      data={{ amount, currencyCode: currencyCode as CurrencyCode }}
      data-price-minor={money.amount}
      data-currency={money.currency}
    />
  );
}
