import { describe, expect, it } from 'vitest';
import { priceTooHighMessage } from './limits';

describe('priceTooHighMessage', () => {
  it.each([
    ['USD', 'Price is too high (at most 999999.99 USD)'],
    ['JPY', 'Price is too high (at most 99999999 JPY)'],
    ['KWD', 'Price is too high (at most 99999.999 KWD)'],
  ])('names the maximum in %s decimals', (currency, message) => {
    expect(priceTooHighMessage(currency)).toBe(message);
  });
});
