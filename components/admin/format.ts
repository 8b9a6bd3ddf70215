import { toDecimalString, type Money } from '@/lib/money/money';

/** "19.99 USD": the admin sees exact amounts and the currency, never a rounded display format. */
export function formatMoney(money: Money): string {
  return `${toDecimalString(money)} ${money.currency}`;
}

export function formatDate(iso: string): string {
  return new Date(iso).toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
}

/** A queue timestamp in the admin's locale, or a dash when there is none. */
export function when(iso: string | null): string {
  return iso ? new Date(iso).toLocaleString('en-GB', { dateStyle: 'short', timeStyle: 'medium' }) : '—';
}
