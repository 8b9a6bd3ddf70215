import type { VariantView } from '@/lib/catalog/types';
import type { ValueOffer } from './variant-choice';

/**
 * Words of the variant picker that change with the choice, shared by its server HTML
 * (variant-picker.tsx, add-to-cart.tsx) and the island that updates it (islands/).
 */

/** Why a value cannot be chosen, shown beside it: "(sold out)". */
export function optionReasonText(offer: Extract<ValueOffer, { offered: false }>): string {
  return offer.reason === 'sold-out' ? 'sold out' : 'not available';
}

/** Whether the add-to-cart button is off for this variant. */
export const cannotAdd = (variant: VariantView) => variant.stockState.kind === 'sold-out';

/** The add-to-cart button's words. */
export function addToCartLabel(variant: VariantView): string {
  return cannotAdd(variant) ? 'Sold out' : 'Add to cart';
}

/** The chosen variant's picture is a thumbnail of this many CSS pixels a side. */
export const CHOSEN_IMAGE_SIZE = 120;

/** Its text alternative names the variant, then what the picture shows. */
export function chosenImageAlt(variant: VariantView, image: NonNullable<VariantView['image']>): string {
  return `${variant.title}: ${image.alt}`;
}
