import { scriptJson } from './script-json';

/** A JSON-LD block; its text cannot end the <script> element (scriptJson escapes `<`). */
export function JsonLd({ data }: { data: unknown }) {
  return <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: scriptJson(data) }} />;
}
