import Link from 'next/link';
import { Layout } from '@/components/layout';

/** No Next runtime in the browser: the page's few scripts are the storefront island (islands/). */
export const config = { unstable_runtimeJS: false };

export default function NotFoundPage() {
  return (
    <Layout title="Not found">
      <h1>This page is not in the shop</h1>
      <p>
        The product may have been removed. <Link href="/">Back to the shop</Link>
      </p>
    </Layout>
  );
}
