import Script from 'next/script';

/**
 * The storefront island, at the content-named address next.config.ts takes from
 * scripts/lib/islands.ts's build. Production storefront pages have no Next runtime, so next/script
 * would never load it there: a plain deferred script (same-origin, as the CSP wants). Under
 * `next dev` Next keeps its runtime on every page (it honours `unstable_runtimeJS` in production
 * builds only), so there the island loads after hydration instead of changing a tree React is
 * hydrating.
 */
export function IslandScript() {
  const src = process.env.STOREFRONT_ISLAND_SRC;
  if (!src) return null; // only where no island was built (a component test); `next build` refuses that
  if (process.env.NODE_ENV !== 'production') return <Script src={src} strategy="afterInteractive" />;
  return <script src={src} defer />;
}
