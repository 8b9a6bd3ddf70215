/** The JSON-LD text of `data`, safe inside a <script> element. */
export function jsonLdText(data: unknown): string {
  // `<` is escaped so text like "</script>" in a description cannot end the script element.
  return JSON.stringify(data).replace(/</g, '\\u003c');
}

export function JsonLd({ data }: { data: unknown }) {
  return <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: jsonLdText(data) }} />;
}
