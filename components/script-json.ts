/**
 * JSON for a `<script>` data block (`application/json`, `application/ld+json`: CSP does not
 * execute data blocks).
 * `<` is escaped so text like "</script>" in a product's data cannot end the element.
 */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}
