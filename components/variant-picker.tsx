import Image from 'next/image';
import { useId } from 'react';
import type { OptionView, VariantView } from '@/lib/catalog/types';
import { AddToCart } from './add-to-cart';
import { CHOSEN_IMAGE_SIZE, chosenImageAlt, optionReasonText } from './picker-text';
import { Price } from './price';
import { scriptJson } from './script-json';
import { stockText } from './stock-text';
import { defaultVariant, offerFor, pickerChoices } from './variant-choice';

export interface VariantPickerProps {
  options: OptionView[];
  variants: VariantView[];
}

/**
 * One radio group per option (one over the variants for a product with several and no options),
 * and the chosen variant's picture (when it has one of its own), price and stock. This is the
 * server HTML for the default variant; the page ships no React, and the storefront island
 * (islands/variant-picker.ts) takes it over from the data block below: it enables the groups,
 * follows a choice, puts it into the address bar with replaceState (one static page for every
 * `?variant=`, nothing new to cache) and honours a `?variant=` link. Until it runs the groups
 * are disabled: a radio changed without JavaScript would not change the price beside it (the
 * variant table lists every variant's price for those shoppers).
 */
export function VariantPicker(props: VariantPickerProps) {
  const { options, variants } = pickerChoices(props.options, props.variants);
  const baseId = useId();
  const chosen = defaultVariant(options, variants);

  return (
    <section className="variant-picker" aria-label="Choose a variant">
      {options.length > 0 && (
        <script
          type="application/json"
          className="variant-picker-data"
          dangerouslySetInnerHTML={{ __html: scriptJson(props satisfies VariantPickerProps) }}
        />
      )}
      {options.map((option, optionIndex) => (
        <fieldset key={option.name} className="option" disabled>
          <legend>{option.name}</legend>
          {option.values.map((value, valueIndex) => {
            const id = `${baseId}-${optionIndex}-${valueIndex}`;
            const offer = offerFor(options, variants, chosen.optionValues, optionIndex, value);
            return (
              <span key={value} className="option-value">
                <input
                  type="radio"
                  id={id}
                  name={`${baseId}-${optionIndex}`}
                  value={value}
                  defaultChecked={chosen.optionValues[optionIndex] === value}
                  disabled={!offer.offered}
                />
                <label htmlFor={id}>
                  {value}
                  {!offer.offered && <span className="option-reason"> ({optionReasonText(offer)})</span>}
                </label>
              </span>
            );
          })}
        </fieldset>
      ))}
      {chosen.image && (
        <Image
          className="chosen-image"
          src={chosen.image.url}
          alt={chosenImageAlt(chosen, chosen.image)}
          width={CHOSEN_IMAGE_SIZE}
          height={CHOSEN_IMAGE_SIZE}
          unoptimized
        />
      )}
      <p className="chosen-variant" data-chosen-variant={chosen.id} data-chosen-sku={chosen.sku} aria-live="polite">
        {options.length > 0 && <span className="chosen-title">{chosen.title}</span>}
        <Price money={chosen.price} className="price" />
        {chosen.compareAtPrice && (
          <s className="compare-at">
            <Price money={chosen.compareAtPrice} />
          </s>
        )}
        <span className="stock-state" data-stock-state={chosen.stockState.kind}>
          {stockText(chosen.stockState)}
        </span>
      </p>
      <AddToCart variant={chosen} quantityId={`${baseId}-quantity`} />
    </section>
  );
}
