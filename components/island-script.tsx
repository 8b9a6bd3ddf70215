import Script from 'next/script';

/** Built from islands/storefront.ts by scripts/build-islands.ts. */
const ISLAND_SRC = '/islands/storefront.js';

/**
 * The storefront island. Production storefront pages have no Next runtime, so next/script would
 * never load it there: a plain deferred script (same-origin, as the CSP wants). Under `next dev`
 * Next keeps its runtime on every page (it honours `unstable_runtimeJS` in production builds
 * only), so there the island loads after hydration instead of changing a tree React is hydrating.
 */
export function IslandScript() {
  if (process.env.NODE_ENV !== 'production') return <Script src={ISLAND_SRC} strategy="afterInteractive" />;
  return <script src={ISLAND_SRC} defer />;
}
