import Link from 'next/link';
import { AdminLayout } from '@/components/admin/admin-layout';
import { formatDate, formatMoney } from '@/components/admin/format';
import { withAdminPage, type AdminPageProps } from '@/lib/admin/admin-page';
import { listCategoriesForAdmin } from '@/lib/catalog/admin-categories';
import { listProductsForAdmin, type AdminProductFilters } from '@/lib/catalog/admin-products';
import { adminProductFiltersSchema } from '@/lib/validations/admin-filters';

interface Props extends AdminPageProps {
  filters: AdminProductFilters;
  categories: { id: number; name: string }[];
  list: Awaited<ReturnType<typeof listProductsForAdmin>>;
}

export const getServerSideProps = withAdminPage<Omit<Props, 'admin'>>(async ({ query }) => {
  const filters = adminProductFiltersSchema.parse(query);
  const [list, categories] = await Promise.all([listProductsForAdmin(filters), listCategoriesForAdmin()]);
  return { props: { filters: JSON.parse(JSON.stringify(filters)) as AdminProductFilters, list, categories } };
});

function pageHref(filters: AdminProductFilters, page: number): string {
  const params = new URLSearchParams();
  if (filters.search) params.set('search', filters.search);
  if (filters.categoryId) params.set('categoryId', String(filters.categoryId));
  if (filters.status) params.set('status', filters.status);
  params.set('page', String(page));
  return `/admin?${params.toString()}`;
}

export default function AdminProductsPage({ admin, filters, categories, list }: Props) {
  return (
    <AdminLayout admin={admin} title="Products">
      <form className="filters" method="get" action="/admin">
        <label>
          Search title or SKU
          <input type="text" name="search" defaultValue={filters.search ?? ''} />
        </label>
        <label>
          Category
          <select name="categoryId" defaultValue={filters.categoryId ?? ''}>
            <option value="">All</option>
            {categories.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Status
          <select name="status" defaultValue={filters.status ?? ''}>
            <option value="">All</option>
            <option value="ACTIVE">Active</option>
            <option value="DRAFT">Draft</option>
            <option value="ARCHIVED">Archived</option>
          </select>
        </label>
        <button type="submit">Filter</button>
      </form>
      <p>{list.total} products</p>
      {/* A plain GET form: the chosen ids go to the bulk page as ?products=1&products=2. */}
      <form id="selection" method="get" action="/admin/bulk">
        <button type="submit">Change prices of selected</button>
      </form>
      <table>
        <thead>
          <tr>
            <th>
              <span className="visually-hidden">Select</span>
            </th>
            <th>Product</th>
            <th>Status</th>
            <th>Price</th>
            <th>Last change</th>
          </tr>
        </thead>
        <tbody>
          {list.rows.map((row) => (
            <tr key={row.id} data-product-id={row.id}>
              <td>
                <input
                  type="checkbox"
                  form="selection"
                  name="products"
                  value={row.id}
                  aria-label={`Select ${row.title}`}
                  disabled={row.status === 'ARCHIVED'}
                />
              </td>
              <td>
                <Link href={`/admin/products/${row.id}`}>{row.title}</Link>
                {row.featured && ' ★'}
              </td>
              <td>{row.status.toLowerCase()}</td>
              <td>
                {row.minPrice && formatMoney(row.minPrice)}
                {row.maxPrice &&
                  row.minPrice &&
                  row.maxPrice.amount !== row.minPrice.amount &&
                  ` – ${formatMoney(row.maxPrice)}`}
              </td>
              <td>{formatDate(row.updatedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <nav className="pagination" aria-label="Pages">
        {filters.page > 1 && <Link href={pageHref(filters, filters.page - 1)}>← Previous</Link>}
        <span>
          Page {filters.page} of {list.pageCount}
        </span>
        {filters.page < list.pageCount && <Link href={pageHref(filters, filters.page + 1)}>Next →</Link>}
      </nav>
    </AdminLayout>
  );
}
