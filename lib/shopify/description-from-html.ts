import { convert } from 'html-to-text';

/** Shopify descriptions are HTML; ours are text that pages render escaped. */
export function descriptionFromHtml(html: string | null): string {
  if (!html) return '';
  return convert(html, { wordwrap: false, selectors: [{ selector: 'a', options: { ignoreHref: true } }] })
    .trim()
    .slice(0, 5000);
}
