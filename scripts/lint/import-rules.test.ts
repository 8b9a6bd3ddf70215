/**
 * The import rules of .dependency-cruiser.cjs, run on small source trees written to a temporary
 * folder: each forbidden arrow is reported under its rule's name, and the allowed exceptions
 * (type-only imports, pure lib modules, the change road, tests) are not.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cruise, type ICruiseResult } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import { describe, expect, it } from 'vitest';

const CONFIG = fileURLToPath(new URL('../../.dependency-cruiser.cjs', import.meta.url));

type SourceTree = Record<string, string>;

/** Each violation of the real rule set in `tree`, as "rule: from → to", sorted. */
async function violationsIn(tree: SourceTree): Promise<string[]> {
  const root = await mkdtemp(path.join(tmpdir(), 'import-rules-'));
  try {
    for (const [file, source] of Object.entries(tree)) {
      await mkdir(path.dirname(path.join(root, file)), { recursive: true });
      await writeFile(path.join(root, file), source);
    }
    const topFolders = [...new Set(Object.keys(tree).map((file) => file.split('/')[0] ?? file))];
    const options = await extractDepcruiseOptions(CONFIG);
    const { output } = await cruise(topFolders, { ...options, baseDir: root });
    const { summary } = output as ICruiseResult;
    return summary.violations.map(({ rule, from, to }) => `${rule.name}: ${from} → ${to}`).sort();
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

const leaf = (name: string) => `export const ${name} = 1;\n`;

describe('the import rules', () => {
  it('report every forbidden arrow under the rule it breaks', async () => {
    const violations = await violationsIn({
      'lib/catalog/product.ts':
        "import { pathsForProduct } from '../revalidation/paths';\nexport const productTitle = (slug: string) => pathsForProduct(slug);\n",
      'lib/revalidation/paths.ts':
        "import { HttpError } from '../http/errors';\nexport const pathsForProduct = (slug: string) => [slug, HttpError];\n",
      'lib/revalidation/manual.ts':
        "import { placements } from '../catalog/placements';\nexport const manual = placements;\n",
      'lib/revalidation/outbox.ts': leaf('queuePages'),
      'lib/catalog/placements.ts': leaf('placements'),
      'lib/http/errors.ts': leaf('HttpError'),
      'lib/stripe/reconcile.ts':
        "import { pathsForProduct } from '../revalidation/paths';\nexport const r = pathsForProduct;\n",
      'lib/webhooks/apply.ts':
        "import { queuePages } from '../revalidation/outbox';\nexport const apply = queuePages;\n",
      'lib/cart/lines.ts':
        "import { total } from './totals';\nimport { Price } from '../../components/price';\nexport const lines = [total, Price];\n",
      'lib/cart/totals.ts': "import { lines } from './lines';\nexport const total = () => lines.length;\n",
      'lib/cart/lines.test.ts': "import { freePort } from '../../scripts/free-port';\nexport const port = freePort;\n",
      'lib/env.ts': "import { stubServer } from '../testing/stub-server';\nexport const env = stubServer;\n",
      'components/price.tsx': 'export const Price = () => <span />;\n',
      'components/product-card.tsx':
        "import { productTitle } from '../lib/catalog/product';\nexport const ProductCard = () => <h2>{productTitle('tee')}</h2>;\n",
      'components/admin/form.tsx':
        "import { getDb } from '../../lib/db';\nexport const Form = () => <form>{String(getDb)}</form>;\n",
      'lib/db.ts': leaf('getDb'),
      'testing/stub-server.ts': leaf('stubServer'),
      'scripts/free-port.ts': leaf('freePort'),
      'islands/picker.ts': "import { Price } from '../components/price';\nexport const p = Price;\n",
    });
    expect(violations).toEqual([
      'app-not-into-tooling: lib/env.ts → testing/stub-server.ts',
      'app-tests-only-into-testing: lib/cart/lines.test.ts → scripts/free-port.ts',
      'catalog-not-into-outer-layers: lib/catalog/product.ts → lib/revalidation/paths.ts',
      'components-import-only-types-from-lib: components/product-card.tsx → lib/catalog/product.ts',
      'islands-bundle-no-framework: islands/picker.ts → components/price.tsx',
      'lib-not-into-pages-or-components: lib/cart/lines.ts → components/price.tsx',
      // A cycle is reported once, at its first arrow.
      'no-circular-in-lib: lib/cart/lines.ts → lib/cart/totals.ts',
      'only-the-change-road-queues-and-regenerates: lib/webhooks/apply.ts → lib/revalidation/outbox.ts',
      'pages-and-components-not-into-db: components/admin/form.tsx → lib/db.ts',
      'revalidation-not-into-callers: lib/revalidation/paths.ts → lib/http/errors.ts',
      'revalidation-not-into-catalog-values: lib/revalidation/manual.ts → lib/catalog/placements.ts',
      'vendors-through-the-change-road: lib/stripe/reconcile.ts → lib/revalidation/paths.ts',
    ]);
  });

  it('allow type-only imports, pure lib modules, the change road and test helpers', async () => {
    const violations = await violationsIn({
      'lib/catalog/product.ts':
        'export interface Product {\n  slug: string;\n}\nexport const loadProduct = (slug: string) => ({ slug });\n',
      'lib/money/format.ts': 'export const formatMoney = (minor: number) => (minor / 100).toFixed(2);\n',
      'lib/storefront/paths.ts': 'export const productPath = (slug: string) => `/products/${slug}`;\n',
      'components/product-card.tsx':
        "import type { Product } from '../lib/catalog/product';\nimport { formatMoney } from '../lib/money/format';\nimport { productPath } from '../lib/storefront/paths';\nexport const ProductCard = ({ product }: { product: Product }) => <a href={productPath(product.slug)}>{formatMoney(1)}</a>;\n",
      'lib/revalidation/decide.ts':
        "import type { Product } from '../catalog/product';\nexport const pagesOf = (product: Product) => [product.slug];\n",
      'lib/revalidation/outbox.ts': leaf('queuePages'),
      'lib/revalidation/regenerate.ts': 'export type PurgeResult = string;\nexport const regeneratePages = 1;\n',
      'lib/revalidation/purge-now.ts':
        "import { regeneratePages } from './regenerate';\nexport const purgeNow = regeneratePages;\n",
      'lib/revalidation/drain.ts': "import { queuePages } from './outbox';\nexport const drainOutbox = queuePages;\n",
      'lib/changes/commit.ts':
        "import { loadProduct } from '../catalog/product';\nimport { queuePages } from '../revalidation/outbox';\nimport { purgeNow } from '../revalidation/purge-now';\nexport const commitCatalogChange = [loadProduct, queuePages, purgeNow];\n",
      'lib/changes/commit.test.ts':
        "import { fakeRegenerate } from '../../testing/fake-regenerate';\nimport { queuePages } from '../revalidation/outbox';\nexport const t = [fakeRegenerate, queuePages];\n",
      'lib/stripe/reconcile.ts':
        "import { commitCatalogChange } from '../changes/commit';\nexport const r = commitCatalogChange;\n",
      'lib/admin/save.ts':
        "import type { PurgeResult } from '../revalidation/regenerate';\nimport { commitCatalogChange } from '../changes/commit';\nexport const save = (r: PurgeResult) => [r, commitCatalogChange];\n",
      'lib/worker/drain-due.ts':
        "import { drainOutbox } from '../revalidation/drain';\nexport const drainDue = drainOutbox;\n",
      'pages/api/purge-queue/drain.ts':
        "import { drainDue } from '../../../lib/worker/drain-due';\nexport default drainDue;\n",
      'pages/products/[slug].tsx':
        "import { loadProduct } from '../../lib/catalog/product';\nexport const p = loadProduct;\n",
      'testing/fake-regenerate.ts':
        "import { regeneratePages } from '../lib/revalidation/regenerate';\nexport const fakeRegenerate = regeneratePages;\n",
      'components/choice.ts':
        "import type { Product } from '../lib/catalog/product';\nexport const choose = (p: Product) => p;\n",
      'islands/picker.ts':
        "import type { ProductCard } from '../components/product-card';\nimport { choose } from '../components/choice';\nimport { formatMoney } from '../lib/money/format';\nexport const p = [choose, formatMoney] as ProductCard[];\n",
    });
    expect(violations).toEqual([]);
  });
});
