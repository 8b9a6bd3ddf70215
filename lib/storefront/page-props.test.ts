/**
 * What each storefront page gets from its one call: the catalog read, through `loadFresh` under
 * the page's own purge path, and a 404 with no read at all for a slug or page no URL can have.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const catalog = vi.hoisted(() => ({
  getHomePage: vi.fn(),
  getProductPage: vi.fn(),
  getProductPages: vi.fn(),
  getCategoryPage: vi.fn(),
  listCategories: vi.fn(),
  listPrerenderedProductSlugs: vi.fn(),
}));
const freshLoads = vi.hoisted(() => ({ paths: [] as string[] }));

vi.mock('../catalog/storefront', () => catalog);
vi.mock('../revalidation/render-guard', () => ({
  loadFresh: async <T>(path: string, load: () => Promise<T>): Promise<T> => {
    freshLoads.paths.push(path);
    return load();
  },
}));

async function pageProps() {
  return import('./page-props');
}

beforeEach(() => {
  vi.resetModules(); // getEnv reads the environment once per module instance
  vi.stubEnv('ISR_SAFETY_TTL_SECONDS', undefined);
  vi.stubEnv('PUBLIC_SHOP_URL', undefined);
  freshLoads.paths = [];
  for (const read of Object.values(catalog)) read.mockReset();
});

afterEach(() => vi.unstubAllEnvs());

describe('getHomePageProps', () => {
  it('loads the home page fresh under /', async () => {
    catalog.getHomePage.mockResolvedValue({ featured: [], categories: [] });
    const { getHomePageProps } = await pageProps();
    expect(await getHomePageProps()).toEqual({
      props: { featured: [], categories: [], shopOrigin: null },
      revalidate: false,
    });
    expect(freshLoads.paths).toEqual(['/']);
  });
});

describe('getProductPageProps', () => {
  it('loads an active product fresh under its product path', async () => {
    catalog.getProductPage.mockResolvedValue({ slug: 'wool-coat' });
    const { getProductPageProps } = await pageProps();
    expect(await getProductPageProps('wool-coat')).toEqual({
      props: { slug: 'wool-coat', shopOrigin: null },
      revalidate: false,
    });
    expect(catalog.getProductPage).toHaveBeenCalledWith('wool-coat');
    expect(freshLoads.paths).toEqual(['/products/wool-coat']);
  });

  it('is a 404 for a product the catalog does not show', async () => {
    catalog.getProductPage.mockResolvedValue(null);
    const { getProductPageProps } = await pageProps();
    expect(await getProductPageProps('gone')).toEqual({ notFound: true, revalidate: false });
  });

  it.each([undefined, '', 'Wool-Coat', 'a\u0000b', 'a--b', '-a', 'a/b'])(
    'is a 404 for slug %j before any read',
    async (slug) => {
      const { getProductPageProps } = await pageProps();
      expect(await getProductPageProps(slug)).toEqual({ notFound: true, revalidate: false });
      expect(catalog.getProductPage).not.toHaveBeenCalled();
      expect(freshLoads.paths).toEqual([]);
    },
  );
});

describe('getCategoryPageProps', () => {
  it('loads page 1 under the category URL', async () => {
    catalog.getCategoryPage.mockResolvedValue({ page: 1 });
    const { getCategoryPageProps } = await pageProps();
    expect(await getCategoryPageProps('bags')).toEqual({ props: { page: 1, shopOrigin: null }, revalidate: false });
    expect(catalog.getCategoryPage).toHaveBeenCalledWith('bags', 1);
    expect(freshLoads.paths).toEqual(['/categories/bags']);
  });

  it('loads a later page under its /page/<n> URL', async () => {
    catalog.getCategoryPage.mockResolvedValue({ page: 12 });
    const { getCategoryPageProps } = await pageProps();
    expect(await getCategoryPageProps('bags', '12')).toEqual({
      props: { page: 12, shopOrigin: null },
      revalidate: false,
    });
    expect(catalog.getCategoryPage).toHaveBeenCalledWith('bags', 12);
    expect(freshLoads.paths).toEqual(['/categories/bags/page/12']);
  });

  it('is a 404 for an unknown category or a page past the end', async () => {
    catalog.getCategoryPage.mockResolvedValue(null);
    const { getCategoryPageProps } = await pageProps();
    expect(await getCategoryPageProps('bags', '3')).toEqual({ notFound: true, revalidate: false });
  });

  it.each([
    ['bags', '1'],
    ['bags', '02'],
    ['bags', '0'],
    ['bags', ''],
    ['bags', '10000'],
    ['Bags', '2'],
    [undefined, '2'],
  ])('is a 404 for slug %j, page segment %j before any read', async (slug, segment) => {
    const { getCategoryPageProps } = await pageProps();
    expect(await getCategoryPageProps(slug, segment)).toEqual({ notFound: true, revalidate: false });
    expect(catalog.getCategoryPage).not.toHaveBeenCalled();
    expect(freshLoads.paths).toEqual([]);
  });
});

describe('shopOrigin', () => {
  it('is PUBLIC_SHOP_URL without its trailing slash on every page', async () => {
    vi.stubEnv('PUBLIC_SHOP_URL', 'https://shop.example.com/');
    catalog.getHomePage.mockResolvedValue({ featured: [], categories: [] });
    catalog.getProductPage.mockResolvedValue({ slug: 'wool-coat' });
    catalog.getCategoryPage.mockResolvedValue({ page: 2 });
    const { getCategoryPageProps, getHomePageProps, getProductPageProps } = await pageProps();
    for (const result of [
      await getHomePageProps(),
      await getProductPageProps('wool-coat'),
      await getCategoryPageProps('bags', '2'),
    ])
      expect(result).toMatchObject({ props: { shopOrigin: 'https://shop.example.com' } });
  });
});

describe('revalidate', () => {
  it('carries ISR_SAFETY_TTL_SECONDS on pages and on 404s alike', async () => {
    vi.stubEnv('ISR_SAFETY_TTL_SECONDS', '3600');
    catalog.getProductPage.mockResolvedValue({ slug: 'wool-coat' });
    const { getProductPageProps } = await pageProps();
    expect(await getProductPageProps('wool-coat')).toEqual({
      props: { slug: 'wool-coat', shopOrigin: null },
      revalidate: 3600,
    });
    expect(await getProductPageProps('Nope')).toEqual({ notFound: true, revalidate: 3600 });
  });
});

describe('static paths', () => {
  it('pre-renders PRERENDER_PRODUCT_COUNT products and renders the rest on request', async () => {
    vi.stubEnv('PRERENDER_PRODUCT_COUNT', '2');
    catalog.listPrerenderedProductSlugs.mockResolvedValue(['a', 'b']);
    const { getProductStaticPaths } = await pageProps();
    expect(await getProductStaticPaths()).toEqual({
      paths: [{ params: { slug: 'a' } }, { params: { slug: 'b' } }],
      fallback: 'blocking',
    });
    expect(catalog.listPrerenderedProductSlugs).toHaveBeenCalledWith(2);
  });

  it('pre-renders every category and no later page', async () => {
    catalog.listCategories.mockResolvedValue([{ slug: 'bags', name: 'Bags' }]);
    const { getCategoryStaticPaths, getLaterCategoryPageStaticPaths } = await pageProps();
    expect(await getCategoryStaticPaths()).toEqual({ paths: [{ params: { slug: 'bags' } }], fallback: 'blocking' });
    expect(await getLaterCategoryPageStaticPaths()).toEqual({ paths: [], fallback: 'blocking' });
  });
});

describe('readProductPagesTogether', () => {
  it("reads the product pages among the paths in one call, by the path each page's render loads under", async () => {
    catalog.getProductPages.mockImplementation((slugs: string[]) =>
      Promise.resolve(new Map(slugs.map((slug) => [slug, slug === 'gone' ? null : { slug }]))),
    );
    const { readProductPagesTogether } = await pageProps();
    const read = await readProductPagesTogether([
      '/products/boots',
      '/',
      '/categories/bags',
      '/products/gone',
      '/products/Bad_Slug',
    ]);
    expect(catalog.getProductPages).toHaveBeenCalledTimes(1);
    expect(catalog.getProductPages).toHaveBeenCalledWith(['boots', 'gone']);
    expect(Object.fromEntries(read)).toEqual({ '/products/boots': { slug: 'boots' }, '/products/gone': null });
  });
});
