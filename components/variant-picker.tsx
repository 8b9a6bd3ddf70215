import Image from 'next/image';
import { useId, useState, useSyncExternalStore } from 'react';
import type { OptionView, VariantView } from '@/lib/catalog/types';
import { AddToCart } from './add-to-cart';
import { Price } from './price';
import { stockText } from './stock-text';
import { choose, defaultVariant, offerFor, pickerChoices, variantFor, type ValueOffer } from './variant-choice';

interface VariantPickerProps {
  options: OptionView[];
  variants: VariantView[];
}

/** The query parameter that names the chosen variant; the static page reads it after hydration. */
const VARIANT_PARAM = 'variant';

/**
 * One radio group per option (one over the variants for a product with several and no options),
 * and the chosen variant's picture (when it has one of its own), price and stock. It works on the page's props alone, so the page stays
 * one static page: the choice goes into the address bar with replaceState (no navigation, no new
 * page to cache), and a `?variant=` link is honoured once the page has hydrated. Until then the
 * groups are disabled: a radio changed without JavaScript would not change the price beside it
 * (the variant table lists every variant's price for those shoppers).
 */
export function VariantPicker(props: VariantPickerProps) {
  const { options, variants } = pickerChoices(props.options, props.variants);
  const baseId = useId();
  const hydrated = useSyncExternalStore(noUpdates, isInBrowser, isOnServer);
  // The shopper's choice on this page, else the variant the link names, else the default.
  const [chosenId, setChosenId] = useState<number | null>(null);
  const linkedId = useSyncExternalStore(noUpdates, linkedVariantParam, noLinkWhileRendering);
  const chosen =
    variants.find((v) => v.id === chosenId) ??
    variants.find((v) => String(v.id) === linkedId && v.optionValues.length === options.length) ??
    defaultVariant(options, variants);

  function chooseValue(optionIndex: number, value: string) {
    const variant = variantFor(choose(options, variants, chosen.optionValues, optionIndex, value), variants);
    if (!variant) return;
    setChosenId(variant.id);
    const url = new URL(window.location.href);
    url.searchParams.set(VARIANT_PARAM, String(variant.id));
    window.history.replaceState(window.history.state, '', url);
  }

  return (
    <section className="variant-picker" aria-label="Choose a variant">
      {options.map((option, optionIndex) => (
        <fieldset key={option.name} className="option" disabled={!hydrated}>
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
                  checked={chosen.optionValues[optionIndex] === value}
                  disabled={!offer.offered}
                  onChange={() => chooseValue(optionIndex, value)}
                />
                <label htmlFor={id}>
                  {value}
                  {!offer.offered && <span className="option-reason"> ({reasonText(offer)})</span>}
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
          alt={`${chosen.title}: ${chosen.image.alt}`}
          width={120}
          height={120}
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

// Nothing to subscribe to: the address changes only through chooseValue (which sets the choice
// itself), and a page in the browser stays there.
const noUpdates = () => () => {};
const linkedVariantParam = () => new URLSearchParams(window.location.search).get(VARIANT_PARAM);
// The server (and hydration) renders the default: the static page is the same for every link.
const noLinkWhileRendering = () => null;
// False in the server HTML and while hydrating it, true once React has taken over the page.
const isInBrowser = () => true;
const isOnServer = () => false;

function reasonText(offer: Extract<ValueOffer, { offered: false }>): string {
  return offer.reason === 'sold-out' ? 'sold out' : 'not available';
}
