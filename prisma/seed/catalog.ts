/**
 * The sample catalog: a pure, deterministic generator (no I/O, no clock, no Math.random).
 *
 * Guarantees (checked by catalog.test.ts):
 * - Every call returns deep-equal data: all randomness comes from a mulberry32 PRNG with the
 *   fixed seed SAMPLE_CATALOG_SEED, consumed in a fixed order. The same products are always
 *   DRAFT, ARCHIVED and featured, so tests may rely on their slugs.
 * - SAMPLE_CATALOG_COUNTS.categories categories and SAMPLE_CATALOG_COUNTS.products products.
 *   Product `i` (0-based) has primary category `i % categories`, so categories are interleaved
 *   and every category has the same number of primary products. SKU numbers are `i + 1`, which
 *   is also the product's id after a fresh seed (ids restart at 1).
 * - Exactly SAMPLE_CATALOG_COUNTS.draft DRAFT and .archived ARCHIVED products; all others ACTIVE.
 * - Exactly SAMPLE_CATALOG_COUNTS.featured featured products, all ACTIVE, each with stock on at
 *   least one variant, spread so that every category has at least one.
 * - Slugs and SKUs are unique; slugs are lowercase kebab-case derived from the title.
 * - About 25% of products also belong to a second, related category. Within each category,
 *   members are ordered by product index with positions 10, 20, 30, ...
 * - Options: apparel and footwear vary by Size and Colour (half the apparel with two or more sizes
 *   in a second colour, every size but the largest: a missing combination, one variant left 3,
 *   one sold out); the rest by one option (Colour, Ruling, Paper size), or, about 40% of the
 *   "mixed" products, none (one "Default" variant). Each variant is a distinct combination.
 * - 1-7 variants per product (at most 4 in the first colour); prices are positive integers in USD cents ending in 00, 50, 95 or
 *   99; compareAtPrice (about 20% of variants) is always higher than price; stock is 0-40 with
 *   about 10% of variants at 0.
 * - 1-3 images per product, each `/images/products/<category-slug>-<1..6>.webp` (1200x1200),
 *   files produced by scripts/images/generate-samples.ts (`npm run images:samples`).
 */

export type SampleProductStatus = 'ACTIVE' | 'DRAFT' | 'ARCHIVED';

export interface SampleCategory {
  slug: string;
  name: string;
  description: string;
  position: number;
}

export interface SampleProductCategory {
  categorySlug: string;
  /** Position of the product within that category's listing (10, 20, 30, ...). */
  position: number;
}

export interface SampleVariant {
  sku: string;
  title: string;
  /** Integer minor units (cents) of `currency`. */
  price: number;
  currency: 'USD';
  compareAtPrice: number | null;
  stock: number;
  position: number;
  /** One value per option of the product, in the options' order; none when it has no options. */
  optionValues: string[];
  /** The product image (its position) showing this variant's colour; null when none is its own. */
  imagePosition: number | null;
}

/** An option of a product (Size, Colour) and its values, in the order the picker shows them. */
export interface SampleOption {
  name: string;
  values: string[];
}

export interface SampleImage {
  url: string;
  alt: string;
  width: number;
  height: number;
  position: number;
}

export interface SampleProduct {
  slug: string;
  title: string;
  description: string;
  status: SampleProductStatus;
  featured: boolean;
  /** The primary category comes first; a second entry means the product is also listed there. */
  categories: SampleProductCategory[];
  /** Two (Size, Colour), one, or none (a product whose one variant is "Default"). */
  options: SampleOption[];
  variants: SampleVariant[];
  images: SampleImage[];
}

export interface SampleCatalog {
  categories: SampleCategory[];
  products: SampleProduct[];
}

export interface SampleCatalogSummary {
  categories: number;
  products: number;
  productCategories: number;
  variants: number;
  images: number;
  active: number;
  draft: number;
  archived: number;
  featured: number;
}

export const SAMPLE_CATALOG_SEED = 0x5eed_c0de;

/** The counts the generator guarantees; variants, images and links are derived (see summarize). */
export const SAMPLE_CATALOG_COUNTS = {
  categories: 10,
  products: 240,
  draft: 6,
  archived: 4,
  featured: 12,
  imagesPerCategory: 6,
} as const;

/** Public URL prefix of the sample images (files live in public/images/products). */
export const SAMPLE_IMAGE_URL_PREFIX = '/images/products/';
/** Width and height, in pixels, of every sample picture (square). */
export const SAMPLE_IMAGE_SIZE = 1200;

/** The file name (without directory) of sample image `n` (1-based) of a category. */
export function sampleImageFileName(categorySlug: string, n: number): string {
  return `${categorySlug}-${n}.webp`;
}

// ---------------------------------------------------------------------------------------------
// Source material

type VariantKind = 'apparel' | 'footwear' | 'colours' | 'mixed';

interface Option {
  name: string;
  code: string;
}

interface NounDef {
  noun: string;
  materials: readonly string[];
  /** Plural nouns ("Chinos", "Boots") change articles and verbs in descriptions. */
  plural?: boolean;
  /** Variant options used instead of the category colours (e.g. notebook rulings), and their name. */
  options?: readonly Option[];
  optionName?: string;
  /** Base price range in whole dollars when it differs from the category's. */
  priceRange?: readonly [number, number];
}

interface CategoryDef {
  slug: string;
  name: string;
  code: string;
  description: string;
  kind: VariantKind;
  /** Inclusive range of base prices in whole dollars. */
  priceRange: readonly [number, number];
  colours: readonly Option[];
  related: readonly string[];
  nouns: readonly NounDef[];
  leads: readonly string[];
  details: readonly string[];
}

const C = {
  navy: { name: 'Navy', code: 'NVY' },
  charcoal: { name: 'Charcoal', code: 'CHR' },
  olive: { name: 'Olive', code: 'OLV' },
  camel: { name: 'Camel', code: 'CML' },
  black: { name: 'Black', code: 'BLK' },
  stone: { name: 'Stone', code: 'STN' },
  oat: { name: 'Oat', code: 'OAT' },
  forest: { name: 'Forest', code: 'FOR' },
  rust: { name: 'Rust', code: 'RST' },
  ecru: { name: 'Ecru', code: 'ECR' },
  burgundy: { name: 'Burgundy', code: 'BRG' },
  white: { name: 'White', code: 'WHT' },
  sky: { name: 'Sky', code: 'SKY' },
  indigo: { name: 'Indigo', code: 'IND' },
  tan: { name: 'Tan', code: 'TAN' },
  brown: { name: 'Brown', code: 'BRN' },
  sand: { name: 'Sand', code: 'SND' },
  cognac: { name: 'Cognac', code: 'CGN' },
  silver: { name: 'Silver', code: 'SLV' },
  gold: { name: 'Gold', code: 'GLD' },
  sage: { name: 'Sage', code: 'SGE' },
  clay: { name: 'Clay', code: 'CLY' },
  slate: { name: 'Slate', code: 'SLT' },
  terracotta: { name: 'Terracotta', code: 'TRC' },
  cream: { name: 'Cream', code: 'CRM' },
} as const satisfies Record<string, Option>;

const RULINGS: readonly Option[] = [
  { name: 'Lined', code: 'LIN' },
  { name: 'Dotted', code: 'DOT' },
  { name: 'Plain', code: 'PLN' },
];
const PAPER_SIZES: readonly Option[] = [
  { name: 'A5', code: 'A5' },
  { name: 'A4', code: 'A4' },
  { name: 'A3', code: 'A3' },
];

const ADJECTIVES = [
  'Alpine',
  'Harbor',
  'Nordic',
  'Coastal',
  'Highland',
  'Meadow',
  'Heritage',
  'Summit',
  'Canyon',
  'Juniper',
  'Ember',
  'Granite',
  'Linden',
  'Tidal',
  'Willow',
  'Ridge',
  'Fjord',
  'Orchard',
  'Evergreen',
  'Harvest',
  'Solstice',
  'Atlas',
  'Marlow',
  'Prairie',
  'Aurora',
  'Sable',
  'Delta',
  'Foundry',
  'Northwind',
  'Larch',
  'Moorland',
  'Cove',
] as const;

const CLOSINGS = [
  'Made in small batches by a family-run workshop.',
  'Each piece is inspected by hand before it leaves our studio.',
  'Ships free and can be returned within 30 days.',
  'Designed to be repaired rather than replaced.',
  'Part of our permanent collection, so it will be here when you need another.',
] as const;

const CATEGORY_DEFS: readonly CategoryDef[] = [
  {
    slug: 'outerwear',
    name: 'Outerwear',
    code: 'OUT',
    description: 'Coats and jackets built to keep out wind, rain and cold for many winters.',
    kind: 'apparel',
    priceRange: [180, 480],
    colours: [C.navy, C.charcoal, C.olive, C.camel, C.black, C.stone],
    related: ['knitwear', 'accessories'],
    nouns: [
      { noun: 'Parka', materials: ['Down', 'Nylon', 'Waxed Cotton'] },
      { noun: 'Overcoat', materials: ['Wool', 'Cashmere', 'Tweed'] },
      { noun: 'Field Jacket', materials: ['Waxed Cotton', 'Canvas', 'Ripstop'] },
      { noun: 'Trench Coat', materials: ['Gabardine', 'Cotton Twill'] },
      { noun: 'Bomber Jacket', materials: ['Nylon', 'Suede', 'Wool'] },
      { noun: 'Gilet', materials: ['Down', 'Fleece', 'Quilted Nylon'] },
      { noun: 'Peacoat', materials: ['Wool', 'Melton Wool'] },
      { noun: 'Chore Coat', materials: ['Canvas', 'Corduroy', 'Denim'] },
      { noun: 'Rain Shell', materials: ['Ripstop', 'Nylon'] },
    ],
    leads: [
      '{A} cut with room for a heavy knit underneath.',
      '{A} built for raw mornings, long walks and everything in between.',
      '{This} {material} {noun} {is} our answer to unpredictable weather.',
    ],
    details: [
      'Storm cuffs, a two-way zip and deep hand-warmer pockets keep the cold out.',
      'It is fully lined and finished with corozo buttons that will outlast the fabric.',
      'A slightly dropped shoulder and a mid-thigh length make it easy to layer.',
      'Taped seams and a packable hood make it a reliable travel companion.',
    ],
  },
  {
    slug: 'knitwear',
    name: 'Knitwear',
    code: 'KNT',
    description: 'Sweaters and cardigans knitted from soft, traceable natural fibres.',
    kind: 'apparel',
    priceRange: [90, 260],
    colours: [C.oat, C.navy, C.forest, C.rust, C.charcoal, C.ecru, C.burgundy],
    related: ['outerwear', 'accessories'],
    nouns: [
      { noun: 'Sweater', materials: ['Merino', 'Lambswool', 'Cashmere', 'Cotton'] },
      { noun: 'Cardigan', materials: ['Merino', 'Alpaca', 'Lambswool', 'Mohair'] },
      { noun: 'Turtleneck', materials: ['Merino', 'Cashmere'] },
      { noun: 'Crewneck', materials: ['Cotton', 'Merino', 'Lambswool'] },
      { noun: 'Fisherman Sweater', materials: ['Wool', 'Aran Wool'] },
      { noun: 'Quarter-Zip', materials: ['Merino', 'Cotton'] },
      { noun: 'Sweater Vest', materials: ['Lambswool', 'Alpaca'] },
      { noun: 'Knit Polo', materials: ['Merino', 'Cotton', 'Silk'] },
    ],
    leads: [
      '{A} knitted on vintage machines for a dense, springy hand.',
      '{This} {material} {noun} {is} soft enough to wear against the skin all day.',
      '{A} with a relaxed fit and a neat ribbed finish.',
    ],
    details: [
      'Fully fashioned seams lie flat and keep their shape wash after wash.',
      'The yarn is spun from traceable fibre and dyed in small lots.',
      'Ribbed cuffs and hem hold their shape without feeling tight.',
      'It is mid-weight, so it works on its own in autumn and under a coat in winter.',
    ],
  },
  {
    slug: 'shirts',
    name: 'Shirts',
    code: 'SHR',
    description: 'Everyday shirts in honest cloths that soften and improve with every wash.',
    kind: 'apparel',
    priceRange: [55, 160],
    colours: [C.white, C.sky, C.ecru, C.olive, C.indigo, C.stone],
    related: ['trousers', 'knitwear'],
    nouns: [
      { noun: 'Oxford Shirt', materials: ['Cotton', 'Organic Cotton'] },
      { noun: 'Flannel Shirt', materials: ['Cotton', 'Brushed Cotton', 'Wool'] },
      { noun: 'Overshirt', materials: ['Corduroy', 'Wool', 'Canvas'] },
      { noun: 'Camp Shirt', materials: ['Linen', 'Rayon', 'Seersucker'] },
      { noun: 'Button-Down', materials: ['Linen', 'Oxford Cotton', 'Chambray'] },
      { noun: 'Work Shirt', materials: ['Chambray', 'Denim', 'Twill'] },
      { noun: 'Henley', materials: ['Cotton', 'Waffle Cotton', 'Slub Cotton'] },
      { noun: 'Pocket Tee', materials: ['Cotton', 'Organic Cotton', 'Linen'] },
    ],
    leads: [
      '{A} with a soft collar that looks right open or buttoned.',
      '{This} {material} {noun} {is} made to get better with every wash.',
      '{A} cut slightly boxy for an easy, untucked look.',
    ],
    details: [
      'Mother-of-pearl buttons and single-needle stitching finish it properly.',
      'A single chest pocket and a curved hem keep it clean and simple.',
      'The fabric is pre-washed, so the fit you try on is the fit you keep.',
      'Back pleats give room across the shoulders without extra bulk.',
    ],
  },
  {
    slug: 'trousers',
    name: 'Trousers',
    code: 'TRS',
    description: 'Chinos, jeans and work pants cut for comfort and made to last.',
    kind: 'apparel',
    priceRange: [70, 190],
    colours: [C.navy, C.stone, C.olive, C.charcoal, C.indigo, C.tan],
    related: ['shirts', 'footwear'],
    nouns: [
      { noun: 'Chinos', materials: ['Cotton Twill', 'Stretch Cotton'], plural: true },
      { noun: 'Jeans', materials: ['Selvedge Denim', 'Raw Denim', 'Denim'], plural: true },
      { noun: 'Trousers', materials: ['Wool', 'Flannel', 'Linen', 'Corduroy'], plural: true },
      { noun: 'Work Pants', materials: ['Canvas', 'Duck Canvas', 'Ripstop'], plural: true },
      { noun: 'Drawstring Pants', materials: ['Linen', 'Cotton'], plural: true },
      { noun: 'Shorts', materials: ['Linen', 'Cotton Twill', 'Seersucker'], plural: true },
      { noun: 'Cargo Pants', materials: ['Ripstop', 'Cotton Twill'], plural: true },
    ],
    leads: [
      '{A} with a mid rise and a gently tapered leg.',
      '{This} {material} {noun} {is} made for everyday wear and long days on your feet.',
      '{A} cut straight through the leg with a clean, flat front.',
    ],
    details: [
      'Reinforced pockets and bar-tacked stress points keep them going for years.',
      'A hidden gusset adds movement without changing the silhouette.',
      'They are left at a generous length so you can have them tailored to fit.',
      'Belt loops, a button fly and deep front pockets cover the essentials.',
    ],
  },
  {
    slug: 'footwear',
    name: 'Footwear',
    code: 'FTW',
    description: 'Boots, shoes and sneakers on resoleable soles, sized in European sizes.',
    kind: 'footwear',
    priceRange: [110, 320],
    colours: [C.black, C.tan, C.brown, C.white, C.sand],
    related: ['accessories', 'trousers'],
    nouns: [
      { noun: 'Sneakers', materials: ['Leather', 'Canvas', 'Suede'], plural: true },
      { noun: 'Chelsea Boots', materials: ['Leather', 'Suede'], plural: true },
      { noun: 'Derby Shoes', materials: ['Leather', 'Calfskin'], plural: true },
      { noun: 'Loafers', materials: ['Suede', 'Leather'], plural: true },
      { noun: 'Hiking Boots', materials: ['Nubuck', 'Leather'], plural: true },
      { noun: 'Desert Boots', materials: ['Suede', 'Nubuck'], plural: true },
      { noun: 'Slippers', materials: ['Shearling', 'Wool Felt'], plural: true },
      { noun: 'Sandals', materials: ['Leather', 'Cork'], plural: true },
    ],
    leads: [
      '{A} with a cushioned footbed and a grippy natural-rubber sole.',
      '{This} {material} {noun} {is} built on a roomy last for all-day comfort.',
      '{A} that settle in quickly and age beautifully.',
    ],
    details: [
      'A cork midsole moulds to your foot over the first few weeks of wear.',
      'Stitched construction means they can be resoled again and again.',
      'The leather lining breathes, so they stay comfortable from morning to night.',
      'Sizes are European; if you are between sizes, we suggest going up.',
    ],
  },
  {
    slug: 'bags',
    name: 'Bags',
    code: 'BAG',
    description: 'Totes, backpacks and travel bags with solid hardware and reinforced seams.',
    kind: 'colours',
    priceRange: [60, 380],
    colours: [C.black, C.cognac, C.olive, C.navy, C.sand],
    related: ['accessories', 'stationery'],
    nouns: [
      { noun: 'Tote', materials: ['Canvas', 'Leather', 'Waxed Canvas'] },
      { noun: 'Backpack', materials: ['Nylon', 'Waxed Canvas', 'Ripstop'] },
      { noun: 'Weekender', materials: ['Leather', 'Canvas', 'Waxed Canvas'], priceRange: [180, 420] },
      { noun: 'Crossbody Bag', materials: ['Leather', 'Nylon', 'Suede'] },
      { noun: 'Messenger Bag', materials: ['Canvas', 'Leather'] },
      { noun: 'Duffel', materials: ['Nylon', 'Canvas'] },
      { noun: 'Belt Bag', materials: ['Nylon', 'Leather'] },
      { noun: 'Briefcase', materials: ['Leather', 'Nylon'], priceRange: [180, 420] },
    ],
    leads: [
      '{A} sized for a laptop, a lunch and a spare layer.',
      '{This} {material} {noun} {is} made to carry a full day without complaint.',
      '{A} with solid brass hardware and reinforced handles.',
    ],
    details: [
      'An inner zip pocket and a key clip keep small things in order.',
      'The base is double-layered and the stress points are riveted.',
      'It is water-resistant and wipes clean with a damp cloth.',
      'A padded sleeve fits most 15-inch laptops.',
    ],
  },
  {
    slug: 'accessories',
    name: 'Accessories',
    code: 'ACC',
    description: 'Watches, hats, scarves and small leather goods that finish an outfit.',
    kind: 'mixed',
    priceRange: [20, 140],
    colours: [C.black, C.brown, C.silver, C.gold, C.navy, C.camel],
    related: ['bags', 'footwear'],
    nouns: [
      { noun: 'Watch', materials: ['Steel', 'Titanium', 'Brass'], priceRange: [140, 420] },
      { noun: 'Beanie', materials: ['Merino', 'Cashmere', 'Lambswool'] },
      { noun: 'Scarf', materials: ['Wool', 'Cashmere', 'Silk', 'Linen'] },
      { noun: 'Belt', materials: ['Leather', 'Suede'] },
      { noun: 'Wallet', materials: ['Leather', 'Canvas'] },
      { noun: 'Cap', materials: ['Cotton', 'Wool', 'Corduroy'] },
      { noun: 'Gloves', materials: ['Leather', 'Cashmere', 'Wool'], plural: true },
      { noun: 'Sunglasses', materials: ['Acetate', 'Titanium'], plural: true, priceRange: [90, 220] },
    ],
    leads: [
      '{A} that finishes an outfit without shouting.',
      '{This} {material} {noun} {is} made in small runs by specialist makers.',
      '{A} designed to be worn every day for years.',
    ],
    details: [
      'Every piece comes in a recycled gift box with a care card.',
      'The materials are chosen to develop a quiet patina over time.',
      'Small details, from the stitching to the hardware, are finished by hand.',
      'Simple enough to pair with anything already in your wardrobe.',
    ],
  },
  {
    slug: 'home',
    name: 'Home',
    code: 'HOM',
    description: 'Lamps, vases and textiles that bring warmth and calm to any room.',
    kind: 'mixed',
    priceRange: [25, 220],
    colours: [C.sage, C.clay, C.oat, C.slate, C.terracotta, C.white],
    related: ['kitchen', 'stationery'],
    nouns: [
      { noun: 'Table Lamp', materials: ['Ceramic', 'Brass', 'Oak'], priceRange: [90, 260] },
      { noun: 'Vase', materials: ['Ceramic', 'Stoneware', 'Glass'] },
      { noun: 'Throw', materials: ['Wool', 'Cotton', 'Linen'], priceRange: [90, 220] },
      { noun: 'Cushion Cover', materials: ['Linen', 'Velvet', 'Wool'] },
      { noun: 'Candle', materials: ['Soy Wax', 'Beeswax'] },
      { noun: 'Wall Mirror', materials: ['Oak', 'Brass', 'Walnut'] },
      { noun: 'Planter', materials: ['Terracotta', 'Stoneware', 'Concrete'] },
      { noun: 'Rug', materials: ['Jute', 'Wool', 'Cotton'], priceRange: [120, 480] },
    ],
    leads: [
      '{A} that brings warmth to a shelf, a desk or a bedside table.',
      '{This} {material} {noun} {is} made in a small studio and finished by hand.',
      '{A} with a calm, understated shape.',
    ],
    details: [
      'Slight variations in colour and texture make every piece unique.',
      'It pairs easily with natural wood, linen and warm lighting.',
      'Designed to look at home in both small flats and large rooms.',
      'Each one is packed in recycled, plastic-free packaging.',
    ],
  },
  {
    slug: 'kitchen',
    name: 'Kitchen',
    code: 'KIT',
    description: 'Cookware and tableware for everyday cooking and slow weekend meals.',
    kind: 'mixed',
    priceRange: [15, 140],
    colours: [C.cream, C.slate, C.sage, C.black, C.terracotta],
    related: ['home'],
    nouns: [
      { noun: 'Mug', materials: ['Stoneware', 'Porcelain', 'Enamel'] },
      { noun: 'Teapot', materials: ['Cast-Iron', 'Stoneware', 'Porcelain'] },
      { noun: 'Dutch Oven', materials: ['Cast-Iron', 'Enamelled Cast-Iron'], priceRange: [120, 320] },
      { noun: 'Skillet', materials: ['Cast-Iron', 'Carbon Steel'] },
      { noun: 'Cutting Board', materials: ['Walnut', 'Oak', 'Maple'] },
      { noun: 'Serving Bowl', materials: ['Stoneware', 'Olive Wood', 'Ceramic'] },
      { noun: "Chef's Knife", materials: ['Carbon Steel', 'Damascus Steel'], priceRange: [90, 260] },
      { noun: 'Dinner Plate Set', materials: ['Stoneware', 'Porcelain'] },
      { noun: 'Carafe', materials: ['Glass', 'Stoneware'] },
    ],
    leads: [
      '{A} made for everyday cooking and slow weekend meals.',
      '{This} {material} {noun} {is} sturdy enough for daily use and handsome enough for the table.',
      '{A} with a simple, timeless profile.',
    ],
    details: [
      'Care is simple, and it only gets better with use.',
      'Every piece is tested for heat and everyday knocks before it ships.',
      'All food-contact surfaces are free of lead and cadmium.',
      'It is made by a small foundry and pottery collective we have worked with for years.',
    ],
  },
  {
    slug: 'stationery',
    name: 'Stationery',
    code: 'STN',
    description: 'Notebooks, pens and desk goods that make writing by hand a pleasure.',
    kind: 'mixed',
    priceRange: [6, 60],
    colours: [C.navy, C.forest, C.rust, C.black, C.sand],
    related: ['home', 'bags'],
    nouns: [
      { noun: 'Notebook', materials: ['Linen', 'Leather', 'Recycled Paper'], options: RULINGS, optionName: 'Ruling' },
      { noun: 'Fountain Pen', materials: ['Brass', 'Resin', 'Aluminium'], priceRange: [40, 180] },
      { noun: 'Journal', materials: ['Leather', 'Linen', 'Cotton Paper'], options: RULINGS, optionName: 'Ruling' },
      {
        noun: 'Sketchbook',
        materials: ['Cotton Paper', 'Recycled Paper', 'Kraft'],
        options: PAPER_SIZES,
        optionName: 'Paper size',
      },
      { noun: 'Desk Organizer', materials: ['Oak', 'Walnut', 'Leather'], priceRange: [35, 90] },
      { noun: 'Rollerball Pen', materials: ['Brass', 'Aluminium', 'Steel'] },
      { noun: 'Planner', materials: ['Linen', 'Leather'], options: RULINGS, optionName: 'Ruling' },
      { noun: 'Pencil Set', materials: ['Cedar', 'Graphite'] },
    ],
    leads: [
      '{A} for lists, sketches and everything you want to remember.',
      '{This} {material} {noun} {is} a small daily luxury for your desk.',
      '{A} that makes writing by hand a pleasure.',
    ],
    details: [
      'It is made from responsibly sourced materials in a small workshop.',
      'Thoughtful details make it a pleasure to use every day.',
      'It makes a quietly excellent gift for anyone who still writes letters.',
      'Refills and spares are always available from us.',
    ],
  },
];

const APPAREL_SIZES = ['XS', 'S', 'M', 'L', 'XL'] as const;
const SHOE_SIZES = [38, 39, 40, 41, 42, 43, 44, 45] as const;

// ---------------------------------------------------------------------------------------------
// PRNG helpers

type Rng = () => number;

/** mulberry32: tiny, fast, good enough for sample data, and identical on every platform. */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A per-product stream, so one product's details do not depend on how many numbers others used. */
function productRng(index: number): Rng {
  return mulberry32((SAMPLE_CATALOG_SEED ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0);
}

function at<T>(items: readonly T[], index: number): T {
  const item = items[index];
  if (item === undefined) throw new Error(`index ${index} out of range (length ${items.length})`);
  return item;
}

function intBetween(rng: Rng, min: number, max: number): number {
  return min + Math.floor(rng() * (max - min + 1));
}

function pick<T>(rng: Rng, items: readonly T[]): T {
  return at(items, Math.floor(rng() * items.length));
}

/** Picks by weight: `weights[i]` is the relative chance of `values[i]`. */
function weighted<T>(rng: Rng, values: readonly T[], weights: readonly number[]): T {
  const total = weights.reduce((sum, w) => sum + w, 0);
  let roll = rng() * total;
  for (let i = 0; i < values.length; i++) {
    roll -= at(weights, i);
    if (roll < 0) return at(values, i);
  }
  return at(values, values.length - 1);
}

function shuffled<T>(rng: Rng, items: readonly T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const tmp = at(copy, i);
    copy[i] = at(copy, j);
    copy[j] = tmp;
  }
  return copy;
}

// ---------------------------------------------------------------------------------------------
// Text helpers

export function toSlug(text: string): string {
  return text
    .toLowerCase()
    .replace(/'/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function fillTemplate(template: string, material: string, noun: NounDef): string {
  const m = material.toLowerCase();
  const n = noun.noun.toLowerCase();
  const article = noun.plural ? '' : /^[aeiou]/.test(m) ? 'an ' : 'a ';
  return capitalize(
    template
      .replace('{A}', `${article}${m} ${n}`)
      .replace('{This}', noun.plural ? 'These' : 'This')
      .replace('{material}', m)
      .replace('{noun}', n)
      .replace('{is}', noun.plural ? 'are' : 'is'),
  );
}

// ---------------------------------------------------------------------------------------------
// Prices

const PRICE_ENDINGS = [0, 50, 95, 99] as const;

/** A price in cents from whole dollars: 185 with ending 95 gives 18495 ($184.95). */
function priceWithEnding(dollars: number, ending: (typeof PRICE_ENDINGS)[number]): number {
  return ending === 0 ? dollars * 100 : dollars * 100 - (100 - ending);
}

function basePrice(rng: Rng, [min, max]: readonly [number, number]): number {
  let dollars = intBetween(rng, min, max);
  if (dollars >= 40) dollars = Math.round(dollars / 5) * 5;
  return priceWithEnding(Math.max(dollars, 1), pick(rng, PRICE_ENDINGS));
}

/** A "was" price 15-40% above `price`, rounded up to whole five dollars, always above price. */
function compareAtFor(price: number, factor: number): number {
  return Math.ceil((price * factor) / 500) * 500;
}

// ---------------------------------------------------------------------------------------------
// Generation

interface VariantSpec {
  suffix: string;
  title: string;
  /** Added to the product's base price; whole hundreds so price endings are kept. */
  surcharge: number;
  /** One per option of the product, in its options' order. */
  optionValues: string[];
}

interface VariantPlan {
  options: SampleOption[];
  specs: VariantSpec[];
  /** A second colour some apparel also comes in, in every size but the largest (see secondColour). */
  secondColour: Option | null;
}

/** Stock of the second-colour variants, by position: a low one and a sold-out one among them. */
const SECOND_COLOUR_STOCK = [3, 0, 16, 24] as const;

/**
 * The variants a product comes in. Apparel and footwear vary by Size and Colour; every other
 * product by one option (a colour, a ruling, a paper size) or, some of the mixed ones, by none.
 * Only `rng` draws are random; whether apparel gets a second colour follows from its index, so
 * the draws, and with them every other product's data, stay as they were before options existed.
 */
function variantPlan(rng: Rng, index: number, category: CategoryDef, noun: NounDef): VariantPlan {
  switch (category.kind) {
    case 'apparel': {
      const colour = pick(rng, category.colours);
      const count = weighted(rng, [1, 2, 3, 4], [1, 2, 4, 5]);
      const start = intBetween(rng, 0, APPAREL_SIZES.length - count);
      const sizes = APPAREL_SIZES.slice(start, start + count);
      const second = secondColour(index, category, colour, sizes.length);
      return {
        options: [
          { name: 'Size', values: [...sizes] },
          { name: 'Colour', values: second ? [colour.name, second.name] : [colour.name] },
        ],
        specs: sizes.map((size) => ({
          suffix: size,
          title: `${size} / ${colour.name}`,
          surcharge: size === 'XL' ? 500 : 0,
          optionValues: [size, colour.name],
        })),
        secondColour: second,
      };
    }
    case 'footwear': {
      const colour = pick(rng, category.colours);
      const count = weighted(rng, [2, 3, 4], [2, 3, 5]);
      const start = intBetween(rng, 0, SHOE_SIZES.length - count);
      const sizes = SHOE_SIZES.slice(start, start + count).map(String);
      return {
        options: [
          { name: 'Size', values: sizes },
          { name: 'Colour', values: [colour.name] },
        ],
        specs: sizes.map((size) => ({
          suffix: size,
          title: `${size} / ${colour.name}`,
          surcharge: 0,
          optionValues: [size, colour.name],
        })),
        secondColour: null,
      };
    }
    case 'colours':
    case 'mixed': {
      const options = noun.options ?? category.colours;
      const single = category.kind === 'mixed' && rng() < 0.4;
      if (single) {
        return {
          options: [],
          specs: [{ suffix: 'DEF', title: 'Default', surcharge: 0, optionValues: [] }],
          secondColour: null,
        };
      }
      const count = weighted(rng, [1, 2, 3], category.kind === 'colours' ? [2, 4, 3] : [0, 3, 2]);
      const premium = rng() < 0.3;
      // A random subset, kept in the options' natural order (A5 before A4, Lined before Plain).
      const chosen = shuffled(rng, options)
        .slice(0, count)
        .sort((a, b) => options.indexOf(a) - options.indexOf(b));
      return {
        options: [{ name: noun.optionName ?? 'Colour', values: chosen.map((option) => option.name) }],
        specs: chosen.map((option, i) => ({
          suffix: option.code,
          title: option.name,
          surcharge: premium && i > 0 ? 500 * i : 0,
          optionValues: [option.name],
        })),
        secondColour: null,
      };
    }
  }
}

/**
 * Every other apparel product with two or more sizes also comes in the category's next colour,
 * in every size but the largest: a Size x Colour grid with a missing combination.
 */
function secondColour(index: number, category: CategoryDef, colour: Option, sizes: number): Option | null {
  if (sizes < 2 || index % 20 >= 10 || category.colours.length < 2) return null;
  return at(category.colours, (category.colours.indexOf(colour) + 1) % category.colours.length);
}

interface DraftProduct {
  index: number;
  category: CategoryDef;
  product: SampleProduct;
}

function buildProduct(index: number, category: CategoryDef, usedSlugs: Set<string>): SampleProduct {
  const rng = productRng(index);

  // Title: adjective + material + noun, re-rolled until its slug is new (deterministic, since
  // products are built in index order); a numeric suffix is the last resort.
  let noun = pick(rng, category.nouns);
  let material = pick(rng, noun.materials);
  let title = `${pick(rng, ADJECTIVES)} ${material} ${noun.noun}`;
  for (let attempt = 0; usedSlugs.has(toSlug(title)) && attempt < 50; attempt++) {
    noun = pick(rng, category.nouns);
    material = pick(rng, noun.materials);
    title = `${pick(rng, ADJECTIVES)} ${material} ${noun.noun}`;
  }
  let slug = toSlug(title);
  for (let n = 2; usedSlugs.has(slug); n++) slug = `${toSlug(title)}-${n}`;
  usedSlugs.add(slug);

  const sentences = [fillTemplate(pick(rng, category.leads), material, noun), pick(rng, category.details)];
  if (rng() < 0.5) sentences.push(pick(rng, CLOSINGS));

  const number = String(index + 1).padStart(4, '0');
  const base = basePrice(rng, noun.priceRange ?? category.priceRange);
  const onSale = rng() < 0.2;
  const saleFactor = 1.15 + rng() * 0.25;
  const plan = variantPlan(rng, index, category, noun);
  const variants: SampleVariant[] = plan.specs.map((spec, position) => {
    const price = base + spec.surcharge;
    return {
      sku: `${category.code}-${number}-${spec.suffix}`,
      title: spec.title,
      price,
      currency: 'USD',
      compareAtPrice: onSale ? compareAtFor(price, saleFactor) : null,
      stock: rng() < 0.1 ? 0 : intBetween(rng, 1, 40),
      position,
      optionValues: spec.optionValues,
      imagePosition: null,
    };
  });

  const imageCount = weighted(rng, [1, 2, 3], [1, 2, 2]);
  const firstImage = intBetween(rng, 0, SAMPLE_CATALOG_COUNTS.imagesPerCategory - 1);
  const images: SampleImage[] = Array.from({ length: imageCount }, (_, position) => {
    const n = ((firstImage + position) % SAMPLE_CATALOG_COUNTS.imagesPerCategory) + 1;
    return {
      url: `${SAMPLE_IMAGE_URL_PREFIX}${sampleImageFileName(category.slug, n)}`,
      alt: position === 0 ? title : `${title} – view ${position + 1}`,
      width: SAMPLE_IMAGE_SIZE,
      height: SAMPLE_IMAGE_SIZE,
      position,
    };
  });

  // After every draw, so the second colour changes nothing else about the product.
  const second = plan.secondColour;
  if (second) {
    const firstColour = plan.specs.slice(0, -1);
    firstColour.forEach((spec, i) => {
      const size = at(spec.optionValues, 0);
      const price = base + spec.surcharge;
      variants.push({
        sku: `${category.code}-${number}-${spec.suffix}${second.code}`,
        title: `${size} / ${second.name}`,
        price,
        currency: 'USD',
        compareAtPrice: onSale ? compareAtFor(price, saleFactor) : null,
        stock: at(SECOND_COLOUR_STOCK, i % SECOND_COLOUR_STOCK.length),
        position: variants.length,
        optionValues: [size, second.name],
        imagePosition: null,
      });
    });
    // Two colours and two pictures or more: the first picture shows the first colour, the second
    // the second, so the picker can show the chosen colour.
    if (images.length >= 2) {
      for (const variant of variants) variant.imagePosition = variant.optionValues[1] === second.name ? 1 : 0;
    }
  }

  return {
    slug,
    title,
    description: sentences.join(' '),
    status: 'ACTIVE',
    featured: false,
    categories: [{ categorySlug: category.slug, position: 0 }],
    options: plan.options,
    variants,
    images,
  };
}

/** Builds the whole sample catalog. Pure and deterministic: see the guarantees at the top. */
export function buildSampleCatalog(): SampleCatalog {
  const { categories: categoryCount, products: productCount } = SAMPLE_CATALOG_COUNTS;
  if (CATEGORY_DEFS.length !== categoryCount) throw new Error('CATEGORY_DEFS out of sync with counts');

  const categories: SampleCategory[] = CATEGORY_DEFS.map((def, i) => ({
    slug: def.slug,
    name: def.name,
    description: def.description,
    position: (i + 1) * 10,
  }));

  const usedSlugs = new Set<string>();
  const drafts: DraftProduct[] = Array.from({ length: productCount }, (_, index) => {
    const category = at(CATEGORY_DEFS, index % categoryCount);
    return { index, category, product: buildProduct(index, category, usedSlugs) };
  });

  // Catalog-wide choices use their own stream, consumed in a fixed order.
  const rng = mulberry32(SAMPLE_CATALOG_SEED);

  // Status: a shuffled pick of distinct products.
  const { draft, archived, featured } = SAMPLE_CATALOG_COUNTS;
  const unpublished = shuffled(
    rng,
    drafts.map((d) => d.index),
  ).slice(0, draft + archived);
  unpublished.forEach((index, i) => {
    at(drafts, index).product.status = i < draft ? 'DRAFT' : 'ARCHIVED';
  });

  // Featured: one per category in a shuffled category order, then around again until the count
  // is reached, choosing an ACTIVE product with something in stock.
  const categoryOrder = shuffled(rng, CATEGORY_DEFS);
  for (let i = 0; i < featured; i++) {
    const category = at(categoryOrder, i % categoryOrder.length);
    const candidates = drafts.filter(
      (d) =>
        d.category === category &&
        d.product.status === 'ACTIVE' &&
        !d.product.featured &&
        d.product.variants.some((v) => v.stock > 0),
    );
    pick(rng, candidates).product.featured = true;
  }

  // Secondary categories for about a quarter of the products.
  for (const d of drafts) {
    if (rng() < 0.25) {
      d.product.categories.push({ categorySlug: pick(rng, d.category.related), position: 0 });
    }
  }

  // Positions within each category follow product order: 10, 20, 30, ...
  const nextPosition = new Map<string, number>();
  for (const d of drafts) {
    for (const link of d.product.categories) {
      const position = (nextPosition.get(link.categorySlug) ?? 0) + 10;
      nextPosition.set(link.categorySlug, position);
      link.position = position;
    }
  }

  return { categories, products: drafts.map((d) => d.product) };
}

/** Counts of everything in a catalog (what the seed inserts). */
export function summarizeSampleCatalog(catalog: SampleCatalog): SampleCatalogSummary {
  const count = (status: SampleProductStatus) => catalog.products.filter((p) => p.status === status).length;
  return {
    categories: catalog.categories.length,
    products: catalog.products.length,
    productCategories: catalog.products.reduce((n, p) => n + p.categories.length, 0),
    variants: catalog.products.reduce((n, p) => n + p.variants.length, 0),
    images: catalog.products.reduce((n, p) => n + p.images.length, 0),
    active: count('ACTIVE'),
    draft: count('DRAFT'),
    archived: count('ARCHIVED'),
    featured: catalog.products.filter((p) => p.featured).length,
  };
}
