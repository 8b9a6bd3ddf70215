import { convert, type HtmlToTextOptions } from 'html-to-text';

// html-to-text's defaults are made for e-mail: headings and table headers shouted in capitals,
// images as "alt [url]", links followed by their URL. A product description wants the words only.
const options: HtmlToTextOptions = {
  wordwrap: false,
  selectors: [
    ...['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((selector) => ({ selector, options: { uppercase: false } })),
    { selector: 'a', options: { ignoreHref: true } },
    { selector: 'img', format: 'skip' },
    // Shopify's editor makes data tables (size charts): keep the columns apart.
    { selector: 'table', format: 'dataTable', options: { uppercaseHeaderCells: false } },
  ],
};

/** Shopify descriptions are HTML; ours are text that pages render escaped. */
export function descriptionFromHtml(html: string | null): string {
  if (!html) return '';
  return convert(html, options).trim().slice(0, 5000);
}
