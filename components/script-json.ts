/**
 * JSON for a `<script type="application/json">` data block (CSP does not execute data blocks).
 * `<` is escaped so text like "</script>" in a product's data cannot end the element.
 */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}
