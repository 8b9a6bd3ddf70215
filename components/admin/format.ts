import { toDecimalString, type Money } from '@/lib/money/money';

/** "19.99 USD": the admin sees exact amounts and the currency, never a rounded display format. */
export function formatMoney(money: Money): string {
  return `${toDecimalString(money)} ${money.currency}`;
}

export function formatDate(iso: string): string {
  return new Date(iso).toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
}
