/**
 * The import rules of docs/architecture.md, checked by `npm run lint:imports` (part of `npm run lint`).
 * Paths are relative to the repository root. scripts/lint/import-rules.test.ts shows each rule
 * failing on a forbidden arrow.
 */

const TEST_FILE = '\\.test\\.tsx?$';
// What the running app is made of; scripts/, testing/ and e2e/ are tooling around it.
const APP = '^(lib|pages|components)/|^instrumentation\\.ts$';
const TOOLING = '^(scripts|testing|e2e)/';
// The outbox and the regenerator: only the change road (lib/changes) starts them.
const PURGE_ENGINE = '^lib/revalidation/(outbox|purge-now|regenerate|drain|purge-claims|edge/edge-outbox)\\.ts$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular-in-lib',
      comment: 'A cycle has no bottom layer: neither side can be read, tested or moved without the other.',
      severity: 'error',
      from: { path: '^lib/' },
      to: { path: '^lib/', circular: true },
    },
    {
      name: 'lib-not-into-pages-or-components',
      comment: 'pages -> lib -> db: lib is the layer under the pages and components, never above them.',
      severity: 'error',
      from: { path: '^lib/' },
      to: { path: '^(pages|components)/' },
    },
    {
      name: 'app-not-into-tooling',
      comment:
        'The running app must not ship or depend on tooling: scripts/, testing/ (stub servers, fixtures) and e2e/ are not deployed as app code. Tests may use testing/.',
      severity: 'error',
      from: { path: APP, pathNot: TEST_FILE },
      to: { path: TOOLING },
    },
    {
      name: 'app-tests-only-into-testing',
      comment:
        'A unit test of the app takes its helpers from testing/ (or the service starters in scripts/lib); the rest of scripts/ and e2e/ are entry points, not libraries.',
      severity: 'error',
      from: { path: TEST_FILE, pathNot: TOOLING },
      to: { path: '^(scripts|e2e)/', pathNot: '^scripts/lib/' },
    },
    {
      name: 'pages-and-components-not-into-db',
      comment: 'Pages and components read through lib verbs; the Prisma client and its types stay behind lib.',
      severity: 'error',
      from: { path: '^(pages|components)/' },
      to: { path: '^lib/(generated/|db\\.ts$)' },
    },
    {
      name: 'components-import-only-types-from-lib',
      comment:
        'Components render props: catalog rules and data access belong to lib and the page verbs. Pure helpers (money, storefront paths, the shop name, which pictures are optimised) are the exception.',
      severity: 'error',
      from: { path: '^components/' },
      to: {
        path: '^lib/',
        // lib/generated and lib/db.ts have a rule of their own (pages-and-components-not-into-db).
        pathNot: '^lib/(money/|storefront/(paths|shop|product-images)\\.ts$|generated/|db\\.ts$)',
        dependencyTypesNot: ['type-only'],
      },
    },
    {
      name: 'catalog-not-into-outer-layers',
      comment:
        'The catalog is the domain: it knows nothing of purging, HTTP, vendors or the admin. Callers map its domain errors to HTTP in lib/http. (Its tests drive the writers through the change road, as the app does.)',
      severity: 'error',
      from: { path: '^lib/catalog/', pathNot: TEST_FILE },
      to: { path: '^lib/(revalidation|http|changes|stripe|shopify|webhooks|admin)/' },
    },
    {
      name: 'revalidation-not-into-catalog-values',
      comment:
        'The purge decides from catalog types it is given, so it may name them but never calls into the catalog (catalog -> revalidation would be a cycle).',
      severity: 'error',
      from: { path: '^lib/revalidation/' },
      to: { path: '^lib/catalog/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'revalidation-not-into-callers',
      comment: 'The purge lifecycle sits under the change road: the callers come to it, never the other way.',
      severity: 'error',
      from: { path: '^lib/revalidation/' },
      to: { path: '^lib/(changes|webhooks|stripe|shopify|admin|http)/' },
    },
    {
      name: 'vendors-through-the-change-road',
      comment:
        'Stripe and Shopify change the catalog through lib/changes like every other writer, never the purge directly.',
      severity: 'error',
      from: { path: '^lib/(stripe|shopify)/' },
      to: { path: '^lib/revalidation/' },
    },
    {
      name: 'only-the-change-road-queues-and-regenerates',
      comment:
        'One road: only lib/changes queues pages and regenerates them (plus lib/worker, which works the queues off, and tests). Naming their types is fine.',
      severity: 'error',
      from: { pathNot: `^lib/(changes|revalidation|worker)/|${TEST_FILE}|^(testing|e2e)/` },
      to: { path: PURGE_ENGINE, dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'islands-bundle-no-framework',
      comment:
        "The island is the only script of the pages without Next's runtime: it bundles pure modules (components/*.ts, lib/money) and names the rest by type only, never React, Next or a .tsx component.",
      severity: 'error',
      from: { path: '^islands/', pathNot: TEST_FILE },
      to: {
        path: '\\.tsx$|^lib/(?!money/)|^node_modules/(react|react-dom|next)/',
        dependencyTypesNot: ['type-only'],
      },
    },
  ],
  options: {
    doNotFollow: { path: ['node_modules', '^lib/generated/'] },
    exclude: { path: ['^\\.next', '^node_modules/'] },
    // Keep type-only imports in the graph (and marked so): the rules above tell them apart.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.d.ts', '.js', '.mjs', '.cjs', '.json'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
