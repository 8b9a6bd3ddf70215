import { describe, expect, it } from 'vitest';
import { ALLOWED_CURRENCIES, priceTooHighMessage } from './limits';

describe('priceTooHighMessage', () => {
  it.each([
    ['USD', 'Price is too high (at most 999999.99 USD)'],
    ['JPY', 'Price is too high (at most 99999999 JPY)'],
    ['KWD', 'Price is too high (at most 99999.999 KWD)'],
    ['HUF', 'Price is too high (at most 999999.99 HUF)'],
    ['ISK', 'Price is too high (at most 99999999 ISK)'],
    ['TWD', 'Price is too high (at most 999999.99 TWD)'],
  ])('names the maximum in %s decimals', (currency, message) => {
    expect(priceTooHighMessage(currency)).toBe(message);
  });

  it.each(ALLOWED_CURRENCIES)('has a message for %s, the maximum written with its ISO digits', (currency) => {
    expect(priceTooHighMessage(currency)).toMatch(
      new RegExp(`^Price is too high \\(at most 9+(\\.9+)? ${currency}\\)$`),
    );
  });
});
