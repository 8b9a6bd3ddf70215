import { describe, expect, it } from 'vitest';
import { adminProductFiltersSchema } from './admin-filters';

describe('adminProductFiltersSchema', () => {
  it('keeps a search, and drops one with a NUL character (PostgreSQL refuses it in a query)', () => {
    expect(adminProductFiltersSchema.parse({ search: 'wool' }).search).toBe('wool');
    expect(adminProductFiltersSchema.parse({ search: 'wo\u0000ol' }).search).toBeUndefined();
  });

  it('falls back to no filter for ids past int4 and to page 1 for a page out of range', () => {
    expect(adminProductFiltersSchema.parse({ categoryId: '2147483648', page: '1e400' })).toEqual({
      categoryId: undefined,
      page: 1,
      search: undefined,
      status: undefined,
    });
  });
});
