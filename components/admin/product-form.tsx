import type { ProductForEdit } from '@/lib/catalog/product-for-edit';
import { PurgeResults } from './purge-results';
import { useProductForm } from './use-product-form';
import { VariantEditor } from './variant-editor';

interface Props {
  product: ProductForEdit;
  categories: { id: number; name: string }[];
}

export function ProductForm({ product, categories }: Props) {
  const form = useProductForm(product);
  const { fields, setFields, errors, outcome } = form;
  const error = (key: string) =>
    errors[key] && (
      <span className="field-error" role="alert">
        {errors[key]}
      </span>
    );

  function toggleCategory(id: number, on: boolean): void {
    const ids = on ? [...fields.categoryIds, id] : fields.categoryIds.filter((c) => c !== id);
    setFields({ ...fields, categoryIds: ids });
  }

  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        void form.save();
      }}
    >
      <label htmlFor="title">Title</label>
      <input
        id="title"
        type="text"
        value={fields.title}
        onChange={(e) => setFields({ ...fields, title: e.target.value })}
      />
      {error('title')}
      <label htmlFor="slug">URL slug</label>
      <input
        id="slug"
        type="text"
        value={fields.slug}
        onChange={(e) => setFields({ ...fields, slug: e.target.value })}
      />
      {error('slug')}
      <label htmlFor="description">Description</label>
      <textarea
        id="description"
        rows={5}
        value={fields.description}
        onChange={(e) => setFields({ ...fields, description: e.target.value })}
      />
      {error('description')}
      <label htmlFor="status">Status</label>
      <select
        id="status"
        value={fields.status}
        onChange={(e) => setFields({ ...fields, status: e.target.value as typeof fields.status })}
      >
        <option value="ACTIVE">Active (in the shop)</option>
        <option value="DRAFT">Draft (hidden)</option>
        <option value="ARCHIVED">Archived (hidden, page answers 404)</option>
      </select>
      <label>
        <input
          type="checkbox"
          checked={fields.featured}
          onChange={(e) => setFields({ ...fields, featured: e.target.checked })}
        />{' '}
        Featured on the home page
      </label>
      <fieldset>
        <legend>Categories</legend>
        {categories.map((c) => (
          <label key={c.id} style={{ display: 'inline-block', marginRight: '1rem', fontWeight: 'normal' }}>
            <input
              type="checkbox"
              checked={fields.categoryIds.includes(c.id)}
              onChange={(e) => toggleCategory(c.id, e.target.checked)}
            />{' '}
            {c.name}
          </label>
        ))}
      </fieldset>
      {error('categoryIds')}
      <h2>Variants</h2>
      <VariantEditor
        variants={form.variants}
        errors={errors}
        onChange={(index, field, value) =>
          form.setVariants(form.variants.map((v, i) => (i === index ? { ...v, [field]: value } : v)))
        }
      />
      <p>
        <button type="submit" disabled={form.saving}>
          {form.saving ? 'Saving…' : 'Save and update the shop'}
        </button>
      </p>
      {outcome?.kind === 'conflict' && (
        <p className="conflict" role="alert">
          {outcome.message} <a href={`/admin/products/${product.id}`}>Reload</a>
        </p>
      )}
      {(outcome?.kind === 'invalid' || outcome?.kind === 'error') && (
        <p className="form-error" role="alert">
          {outcome.message}
        </p>
      )}
      {outcome?.kind === 'saved' && <PurgeResults results={outcome.results} />}
    </form>
  );
}
