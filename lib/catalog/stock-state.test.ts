import { describe, expect, it } from 'vitest';
import { LOW_STOCK_AT_MOST, stockStateOf } from './stock-state';

describe('stockStateOf', () => {
  it.each([
    [-1, { kind: 'sold-out' }], // an oversold variant is sold out, never "-1 left"
    [0, { kind: 'sold-out' }],
    [1, { kind: 'low', left: 1 }],
    [LOW_STOCK_AT_MOST, { kind: 'low', left: LOW_STOCK_AT_MOST }],
    [LOW_STOCK_AT_MOST + 1, { kind: 'in-stock' }],
  ])('stock %i is %j', (stock, state) => {
    expect(stockStateOf(stock)).toEqual(state);
  });
});
