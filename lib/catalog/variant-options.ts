/**
 * A product's options (Size, Colour) and which combination each variant is. The one writer of
 * ProductOption, ProductOptionValue and VariantOptionValue.
 *
 * The database holds a variant to one value per option and a value to its option. The rest is
 * checked here, before anything is written (`checkProductOptions`):
 * - option names are unique and non-blank, and so are the values of an option;
 * - every option is the variant's product's, and, when a product has options, every variant has
 *   exactly one value for each of them (a product without options has variants without values),
 *   except those the writer names as left without a combination (a variant its vendor deleted,
 *   kept sold out for its history): they have no values, and the picker leaves them out (the
 *   variant table still lists them);
 * - no two variants of a product are the same combination.
 */
import type { Prisma } from '../generated/prisma/client';
import { InvalidInputError } from '../errors';
import type { CatalogChangeScope } from './change-scope';

type Tx = Prisma.TransactionClient;

/** An option and its values, in the order the picker shows them. */
export interface OptionDefinition {
  name: string;
  values: string[];
}

/** A variant's values, one per option, in the options' order. */
export interface VariantCombination {
  variantId: number;
  values: string[];
}

export interface ProductOptions {
  options: OptionDefinition[];
  combinations: VariantCombination[];
}

/** Options a writer asked for that break a rule above; nothing was written. */
export class InvalidProductOptionsError extends InvalidInputError {}

const MAX_NAME_LENGTH = 100;

/**
 * The rules the database cannot hold. `variantIds` are all the product's variants;
 * `withoutCombination` those of them allowed no combination. Throws InvalidProductOptionsError
 * naming the first broken rule.
 */
export function checkProductOptions(
  wanted: ProductOptions,
  variantIds: readonly number[],
  withoutCombination: readonly number[] = [],
): void {
  const refuse = (reason: string): never => {
    throw new InvalidProductOptionsError(`product options refused: ${reason}`);
  };
  const names = wanted.options.map((option) => option.name);
  for (const option of wanted.options) {
    if (!isName(option.name)) refuse(`option name "${option.name}" is blank or longer than ${MAX_NAME_LENGTH}`);
    if (option.values.length === 0) refuse(`option ${option.name} has no values`);
    for (const value of option.values) {
      if (!isName(value)) refuse(`value "${value}" of ${option.name} is blank or longer than ${MAX_NAME_LENGTH}`);
    }
    if (new Set(option.values).size !== option.values.length) refuse(`option ${option.name} repeats a value`);
  }
  if (new Set(names).size !== names.length) refuse('two options share a name');

  const known = new Set(variantIds);
  const assigned = new Set<number>();
  const seen = new Map<string, number>();
  for (const { variantId, values } of wanted.combinations) {
    if (!known.has(variantId)) refuse(`variant ${variantId} is not one of the product's`);
    if (assigned.has(variantId)) refuse(`variant ${variantId} is given two combinations`);
    if (withoutCombination.includes(variantId)) refuse(`variant ${variantId} is given a combination and none`);
    assigned.add(variantId);
    if (values.length !== wanted.options.length) {
      refuse(`variant ${variantId} has ${values.length} value(s) for ${wanted.options.length} option(s)`);
    }
    values.forEach((value, i) => {
      const option = wanted.options[i];
      if (option && value === '') refuse(`variant ${variantId} has no value for ${option.name}`);
      if (option && !option.values.includes(value)) {
        refuse(`variant ${variantId}: ${option.name} has no value ${value}`);
      }
    });
    const key = JSON.stringify(values);
    const twin = seen.get(key);
    if (twin !== undefined) refuse(`variants ${twin} and ${variantId} are both ${values.join(' / ')}`);
    seen.set(key, variantId);
  }
  if (wanted.options.length > 0) {
    const missing = variantIds.filter((id) => !assigned.has(id) && !withoutCombination.includes(id));
    if (missing.length > 0) refuse(`variant(s) ${missing.join(', ')} have no combination`);
  }
}

function isName(text: string): boolean {
  return text.trim() === text && text.length > 0 && text.length <= MAX_NAME_LENGTH;
}

/** The product's options and combinations as stored (combinations in variant id order). */
export async function readProductOptions(tx: Tx, productId: number): Promise<ProductOptions> {
  const options = await tx.productOption.findMany({
    where: { productId },
    orderBy: { position: 'asc' },
    select: { id: true, name: true, values: { orderBy: { position: 'asc' }, select: { value: true } } },
  });
  const links = await tx.variantOptionValue.findMany({
    where: { variant: { productId } },
    select: { variantId: true, optionId: true, optionValue: { select: { value: true } } },
    orderBy: { variantId: 'asc' },
  });
  const byVariant = new Map<number, Map<number, string>>();
  for (const link of links) {
    const values = byVariant.get(link.variantId) ?? new Map<number, string>();
    values.set(link.optionId, link.optionValue.value);
    byVariant.set(link.variantId, values);
  }
  return {
    options: options.map((option) => ({ name: option.name, values: option.values.map((v) => v.value) })),
    combinations: [...byVariant].map(([variantId, values]) => ({
      variantId,
      values: options.map((option) => values.get(option.id) ?? ''),
    })),
  };
}

/**
 * Replaces a product's options and its variants' combinations with `wanted`, after checking the
 * rules above (`withoutCombination`: the variants allowed none). Writes nothing, and purges
 * nothing, when they are already so. Returns whether it changed anything (the product's pages
 * then purge: the picker shows the options).
 */
export async function setProductOptions(
  scope: CatalogChangeScope,
  productId: number,
  wanted: ProductOptions,
  withoutCombination: readonly number[] = [],
): Promise<boolean> {
  const { tx } = scope;
  await scope.lockProducts([productId]);
  const variants = await tx.variant.findMany({ where: { productId }, select: { id: true } });
  checkProductOptions(
    wanted,
    variants.map((v) => v.id),
    withoutCombination,
  );
  if (sameOptions(await readProductOptions(tx, productId), wanted)) return false;

  await tx.productOption.deleteMany({ where: { productId } }); // its values and links go with it
  const links: Prisma.VariantOptionValueCreateManyInput[] = [];
  for (const [position, option] of wanted.options.entries()) {
    const created = await tx.productOption.create({
      data: {
        productId,
        name: option.name,
        position,
        values: { create: option.values.map((value, valuePosition) => ({ value, position: valuePosition })) },
      },
      select: { id: true, values: { select: { id: true, value: true } } },
    });
    for (const { variantId, values } of wanted.combinations) {
      const value = created.values.find((v) => v.value === values[position]);
      if (value) links.push({ variantId, optionId: created.id, optionValueId: value.id });
    }
  }
  if (links.length > 0) await tx.variantOptionValue.createMany({ data: links });
  scope.markChanged(productId);
  return true;
}

function sameOptions(current: ProductOptions, wanted: ProductOptions): boolean {
  const byVariant = (options: ProductOptions) =>
    [...options.combinations].sort((a, b) => a.variantId - b.variantId).map((c) => [c.variantId, c.values]);
  return (
    JSON.stringify(current.options) === JSON.stringify(wanted.options) &&
    JSON.stringify(byVariant(current)) === JSON.stringify(byVariant(wanted))
  );
}
