/**
 * What the variant picker shows for a chosen variant, computed from the page's data block with
 * the same rules the server HTML was rendered with (components/variant-choice.ts). No DOM here.
 */
import type { VariantPickerProps } from '@/components/variant-picker';
import {
  choose,
  defaultVariant,
  offerFor,
  pickerChoices,
  variantFor,
  type ValueOffer,
} from '@/components/variant-choice';
import type { OptionView, VariantView } from '@/lib/catalog/types';

/** The query parameter that names the chosen variant (`?variant=<id>`). */
export const VARIANT_PARAM = 'variant';

/** The options and variants the picker offers (one option over the variants when none exist). */
export interface PickerModel {
  options: OptionView[];
  variants: VariantView[];
}

export function pickerModel(data: VariantPickerProps): PickerModel {
  return pickerChoices(data.options, data.variants);
}

/** The variant a `?variant=<id>` link names when the picker can show it, else the default. */
export function initialVariant(model: PickerModel, search: string): VariantView {
  const linked = new URLSearchParams(search).get(VARIANT_PARAM);
  return (
    model.variants.find((v) => String(v.id) === linked && v.optionValues.length === model.options.length) ??
    defaultVariant(model.options, model.variants)
  );
}

/** The variant after choosing `value` for option `optionIndex`; undefined when none exists. */
export function variantAfterChoice(
  model: PickerModel,
  chosen: VariantView,
  optionIndex: number,
  value: string,
): VariantView | undefined {
  return variantFor(choose(model.options, model.variants, chosen.optionValues, optionIndex, value), model.variants);
}

export interface ValueState {
  value: string;
  checked: boolean;
  offer: ValueOffer;
}

/** Every group's values with `chosen`: which one is checked, and which are offered or why not. */
export function valueStates(model: PickerModel, chosen: VariantView): ValueState[][] {
  return model.options.map((option, optionIndex) =>
    option.values.map((value) => ({
      value,
      checked: chosen.optionValues[optionIndex] === value,
      offer: offerFor(model.options, model.variants, chosen.optionValues, optionIndex, value),
    })),
  );
}

/** `href` naming `variant`, the rest of the address kept. */
export function addressOf(href: string, variant: VariantView): string {
  const url = new URL(href);
  url.searchParams.set(VARIANT_PARAM, String(variant.id));
  return url.href;
}
