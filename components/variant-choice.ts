/**
 * The picker's rules, kept apart from its markup so they can be tested alone. Options are chosen
 * in order (Size, then Colour): a value of the first option is offered when some variant with it
 * can be bought; a value of a later option when the variant it makes with the values chosen
 * before it exists and is not sold out. Choosing a value re-picks the later options' values when
 * the combination they made is gone or sold out, so every variant that can be bought stays reachable.
 * A product without options but with several variants is offered as one option (`pickerChoices`).
 */
import type { OptionView, VariantView } from '@/lib/catalog/types';

/** A value is offered, or why not (the picker says so beside it). */
export type ValueOffer = { offered: true } | { offered: false; reason: 'sold-out' | 'missing' };

/** Variants the picker can name: those with a value for every option. */
function pickable(variants: readonly VariantView[], optionCount: number): VariantView[] {
  return variants.filter((v) => v.optionValues.length === optionCount);
}

const canBuy = (variant: VariantView) => variant.stockState.kind !== 'sold-out';

function startsWith(variant: VariantView, prefix: readonly string[]): boolean {
  return prefix.every((value, i) => variant.optionValues[i] === value);
}

/** The variant a selection names, if it exists. */
export function variantFor(selection: readonly string[], variants: readonly VariantView[]): VariantView | undefined {
  return variants.find(
    (v) => v.optionValues.length === selection.length && v.optionValues.every((value, i) => value === selection[i]),
  );
}

/** What the page shows first: the first variant that can be bought, else the first variant. */
export function defaultVariant(options: readonly OptionView[], variants: readonly VariantView[]): VariantView {
  const candidates = pickable(variants, options.length);
  const chosen = candidates.find(canBuy) ?? candidates[0] ?? variants[0];
  if (!chosen) throw new Error('a product page needs a variant');
  return chosen;
}

/**
 * Whether `value` of option `optionIndex` is offered with the values chosen for the other options.
 * The last option's values must make a variant with them; an earlier option's value is offered
 * when some variant with it (and the values chosen before it) can be bought, since choosing it
 * re-picks the later values.
 */
export function offerFor(
  options: readonly OptionView[],
  variants: readonly VariantView[],
  selection: readonly string[],
  optionIndex: number,
  value: string,
): ValueOffer {
  const named = variantFor(
    selection.map((current, i) => (i === optionIndex ? value : current)),
    variants,
  );
  if (named && canBuy(named)) return { offered: true };
  if (optionIndex === options.length - 1) return { offered: false, reason: named ? 'sold-out' : 'missing' };
  const prefix = [...selection.slice(0, optionIndex), value];
  const matching = pickable(variants, options.length).filter((v) => startsWith(v, prefix));
  if (matching.some(canBuy)) return { offered: true };
  return { offered: false, reason: matching.length > 0 ? 'sold-out' : 'missing' };
}

/**
 * The selection after choosing `value` for option `optionIndex`: the same later values when they
 * still name a variant that can be bought, else the first such variant with the values chosen up
 * to this option, else the variant the same later values name (sold out), else no change.
 */
export function choose(
  options: readonly OptionView[],
  variants: readonly VariantView[],
  selection: readonly string[],
  optionIndex: number,
  value: string,
): string[] {
  const wanted = selection.map((current, i) => (i === optionIndex ? value : current));
  const named = variantFor(wanted, variants);
  if (named && canBuy(named)) return wanted;
  const prefix = wanted.slice(0, optionIndex + 1);
  const next = pickable(variants, options.length).find((v) => startsWith(v, prefix) && canBuy(v));
  if (next) return [...next.optionValues];
  return named ? wanted : selection.slice();
}

/** The legend of the one group a product without options but with several variants gets. */
export const VARIANTS_GROUP_NAME = 'Option';

/**
 * What the picker offers. A product with options: its own. Without options and with several
 * variants (every product from before options existed, a Stripe product whose prices name none):
 * one option over the variants, a value per variant, its title (with its sku when two share a
 * title). One variant and no options: nothing to choose.
 */
export function pickerChoices(
  options: OptionView[],
  variants: VariantView[],
): { options: OptionView[]; variants: VariantView[] } {
  if (options.length > 0 || variants.length < 2) return { options, variants };
  const titleCount = new Map<string, number>();
  for (const v of variants) titleCount.set(v.title, (titleCount.get(v.title) ?? 0) + 1);
  const named = variants.map((v) => ({
    ...v,
    optionValues: [
      v.title.trim() === '' || (titleCount.get(v.title) ?? 0) > 1 ? `${v.title} (${v.sku})`.trim() : v.title,
    ],
  }));
  return {
    options: [{ name: VARIANTS_GROUP_NAME, values: named.map((v) => v.optionValues[0] ?? '') }],
    variants: named,
  };
}
