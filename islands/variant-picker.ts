/**
 * The product page's variant picker, taken over from its server HTML (components/variant-picker.tsx):
 * the groups are enabled, a choice updates the radios, picture, price, stock and the add-to-cart
 * form, and goes into the address bar with replaceState. Prices are never formatted here: they are
 * copied from the variant table, which the server rendered with the same <Price> for every variant.
 */
import {
  addToCartLabel,
  cannotAdd,
  CHOSEN_IMAGE_SIZE,
  chosenImageAlt,
  optionReasonText,
} from '@/components/picker-text';
import { stockText } from '@/components/stock-text';
import type { VariantPickerProps } from '@/components/variant-picker';
import type { VariantView } from '@/lib/catalog/types';
import {
  addressOf,
  initialVariant,
  pickerModel,
  valueStates,
  variantAfterChoice,
  type PickerModel,
  type ValueState,
} from './picker-state';

/** Takes over one picker; one without a data block (a single variant) has nothing to choose. */
export function mountVariantPicker(root: HTMLElement): void {
  const data = root.querySelector('script.variant-picker-data')?.textContent;
  if (!data) return;
  const model = pickerModel(JSON.parse(data) as VariantPickerProps);
  const groups = [...root.querySelectorAll<HTMLFieldSetElement>('fieldset.option')];
  let chosen = initialVariant(model, window.location.search);
  // A page this script cannot show (its markup from another build) stays as the server wrote it:
  // groups disabled, the form adding the variant whose price is shown.
  showVariant(root, model, chosen);
  groups.forEach((group, optionIndex) => {
    group.addEventListener('change', (event) => {
      const next = variantAfterChoice(model, chosen, optionIndex, (event.target as HTMLInputElement).value);
      try {
        if (next) showVariant(root, model, next);
        if (next) chosen = next;
      } finally {
        // No such variant, or one this page cannot show: the radios go back to the current choice.
        if (next !== chosen) showVariant(root, model, chosen);
      }
      if (next === chosen)
        window.history.replaceState(window.history.state, '', addressOf(window.location.href, chosen));
    });
    group.disabled = false;
  });
}

/**
 * Shows `chosen` in the picker at `root`: all of it or, when the page lacks something it needs (a
 * price in the variant table), nothing, so the price shown and the form never name two variants.
 */
export function showVariant(root: HTMLElement, model: PickerModel, chosen: VariantView): void {
  const paragraph = root.querySelector<HTMLElement>('.chosen-variant');
  if (!paragraph) throw new Error('the picker has no .chosen-variant');
  const prices = tablePrices(chosen);
  const states = valueStates(model, chosen);
  root.querySelectorAll<HTMLFieldSetElement>('fieldset.option').forEach((group, optionIndex) => {
    for (const input of group.querySelectorAll<HTMLInputElement>('input[type="radio"]')) {
      const state = states[optionIndex]?.find((s) => s.value === input.value);
      if (state) showValue(input, state);
    }
  });
  showImage(root, paragraph, chosen);
  showOffer(paragraph, chosen, prices);
  showForm(root, chosen);
}

function showValue(input: HTMLInputElement, { checked, offer }: ValueState): void {
  input.checked = checked;
  input.disabled = !offer.offered;
  const label = input.labels?.[0];
  label?.querySelector('.option-reason')?.remove();
  if (label && !offer.offered) label.append(element('span', 'option-reason', ` (${optionReasonText(offer)})`));
}

function showImage(root: HTMLElement, paragraph: HTMLElement, chosen: VariantView): void {
  const current = root.querySelector<HTMLImageElement>('img.chosen-image');
  if (!chosen.image) {
    current?.remove();
    return;
  }
  const image = current ?? element('img', 'chosen-image');
  if (!current) {
    // As next/image writes it (unoptimized) in the server HTML.
    Object.assign(image, { width: CHOSEN_IMAGE_SIZE, height: CHOSEN_IMAGE_SIZE, decoding: 'async', loading: 'lazy' });
    paragraph.before(image);
  }
  image.alt = chosenImageAlt(chosen, chosen.image);
  image.src = chosen.image.url;
}

function showOffer(paragraph: HTMLElement, chosen: VariantView, { price, compareAt }: TablePrices): void {
  // Already shown (the server's choice at load): rewriting the live region would be read out again.
  if (paragraph.dataset.chosenVariant === String(chosen.id)) return;
  paragraph.dataset.chosenVariant = String(chosen.id);
  paragraph.dataset.chosenSku = chosen.sku;
  const title = paragraph.querySelector('.chosen-title');
  if (title) title.textContent = chosen.title;
  paragraph.querySelector(':scope > .price')?.replaceWith(price);
  paragraph.querySelector(':scope > .compare-at')?.remove();
  if (compareAt) price.after(compareAt);
  const stock = paragraph.querySelector<HTMLElement>('.stock-state');
  if (stock) {
    stock.dataset.stockState = chosen.stockState.kind;
    stock.textContent = stockText(chosen.stockState);
  }
}

interface TablePrices {
  price: Element;
  compareAt: Element | null;
}

/** Copies of the variant table's price (and compare-at price) of `variant`, as the server wrote them. */
function tablePrices(variant: VariantView): TablePrices {
  const row = [...document.querySelectorAll<HTMLElement>('table.variants tr[data-sku]')].find(
    (tr) => tr.dataset.sku === variant.sku,
  );
  const price = row?.querySelector('.price');
  if (!row || !price) throw new Error(`the variant table has no price for ${variant.sku}`);
  const compareAt = row.querySelector('.compare-at');
  return { price: price.cloneNode(true) as Element, compareAt: compareAt && (compareAt.cloneNode(true) as Element) };
}

function showForm(root: HTMLElement, chosen: VariantView): void {
  const form = root.querySelector<HTMLFormElement>('form.add-to-cart');
  if (!form) return;
  setField(form, 'variantId', String(chosen.id));
  setField(form, 'seenAmount', String(chosen.price.amount));
  setField(form, 'seenCurrency', chosen.price.currency);
  const button = form.querySelector<HTMLButtonElement>('button[type="submit"]');
  if (button) {
    button.disabled = cannotAdd(chosen);
    button.textContent = addToCartLabel(chosen);
  }
}

function setField(form: HTMLFormElement, name: string, value: string): void {
  const field = form.elements.namedItem(name);
  if (field instanceof HTMLInputElement) field.value = value;
}

function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className: string,
  text?: string,
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}
