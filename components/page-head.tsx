import Head from 'next/head';
import { headMeta, type HeadMetaInput } from './page-meta';

/** The page's <head>: title, description, robots, canonical, pagination links, Open Graph and Twitter tags. */
export function PageHead({ fullTitle, ...input }: HeadMetaInput & { fullTitle: string }) {
  const meta = headMeta(input);
  return (
    <Head>
      <title>{fullTitle}</title>
      <meta name="description" content={input.description} />
      {meta.robots && <meta name="robots" content={meta.robots} />}
      {meta.canonical && <link rel="canonical" href={meta.canonical} />}
      {meta.previous && <link rel="prev" href={meta.previous} />}
      {meta.next && <link rel="next" href={meta.next} />}
      {meta.openGraph.map(([property, content]) => (
        <meta key={property} property={property} content={content} />
      ))}
      {meta.twitter.map(([name, content]) => (
        <meta key={name} name={name} content={content} />
      ))}
    </Head>
  );
}
