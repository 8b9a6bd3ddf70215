import type { OrderFilters } from '@/lib/validations/order-filters';
import { ORDER_STATUS_CHOICES, orderStatusLabel } from './order-labels';

/** A plain GET form: the filters live in the URL, so a filtered list can be bookmarked. */
export function OrderFiltersForm({ filters }: { filters: OrderFilters }) {
  return (
    <form className="filters" method="get" action="/admin/orders" aria-label="Filter orders">
      <label>
        Status
        <select name="status" defaultValue={filters.status ?? ''}>
          <option value="">All</option>
          {ORDER_STATUS_CHOICES.map((status) => (
            <option key={status} value={status}>
              {orderStatusLabel(status)}
            </option>
          ))}
        </select>
      </label>
      <label className="checkbox-label">
        <input type="checkbox" name="flagged" value="1" defaultChecked={filters.flagged} /> Flagged only
      </label>
      <button type="submit">Filter</button>
    </form>
  );
}
