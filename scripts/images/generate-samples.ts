/**
 * Writes the sample product pictures to public/images/products/<category-slug>-<1..6>.webp.
 *
 *   npm run images:samples
 *
 * Each picture is drawn as a flat-colour 800x800 SVG (a soft background and a simple drawing
 * evoking the category, with colours and small details varying between the six pictures of a
 * category), then rasterised with sharp to a SAMPLE_IMAGE_SIZE-square WebP: the shop's pictures
 * are raster files, as a real shop's photos are, so next/image resizes them (it passes SVG
 * through as it is). Deterministic: no randomness, no clock; the same sharp version writes the
 * same bytes again. Files of earlier runs that the catalog no longer names are removed.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import {
  buildSampleCatalog,
  SAMPLE_CATALOG_COUNTS,
  SAMPLE_IMAGE_SIZE,
  sampleImageFileName,
} from '../../prisma/seed/catalog';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const outputDir = path.join(repoRoot, 'public', 'images', 'products');
// The repository carries every picture: 60 of them stay well under 2 MB together.
const MAX_BYTES = 24 * 1024;
/** The drawings' own coordinate space; sharp renders it at the density that gives SAMPLE_IMAGE_SIZE. */
const SVG_SIZE = 800;
const WEBP_QUALITY = 80;

const BACKGROUNDS = ['#F3EDE4', '#E6EEF0', '#EEF0E6', '#F5E8E4', '#ECE8F3', '#F2EFE0'] as const;
const PAPER = '#FBF8F2';

interface Colours {
  bg: string;
  item: string;
  dark: string;
  light: string;
  accent: string;
}

type Drawing = (c: Colours, n: number) => string;

interface CategoryArt {
  items: readonly string[];
  accent: string;
  draw: Drawing;
}

// --- small helpers -----------------------------------------------------------------------------

function at<T>(items: readonly T[], index: number): T {
  const item = items[index];
  if (item === undefined) throw new Error(`index ${index} out of range`);
  return item;
}

/** Mixes a #RRGGBB colour towards white (amount > 0) or black (amount < 0). */
function shade(hex: string, amount: number): string {
  const target = amount > 0 ? 255 : 0;
  const channels = [1, 3, 5].map((i) => {
    const value = parseInt(hex.slice(i, i + 2), 16);
    return Math.round(value + (target - value) * Math.abs(amount));
  });
  return `#${channels.map((v) => v.toString(16).padStart(2, '0')).join('')}`.toUpperCase();
}

const fmt = (v: number) => String(Math.round(v * 10) / 10);

function poly(points: readonly number[], fill: string): string {
  return `<polygon points="${points.map(fmt).join(' ')}" fill="${fill}"/>`;
}

/** The same polygon reflected across the vertical centre line (x -> 800 - x). */
function mirror(points: readonly number[]): number[] {
  return points.map((v, i) => (i % 2 === 0 ? 800 - v : v));
}

function stroke(d: string, colour: string, width: number, extra = ''): string {
  return `<path d="${d}" fill="none" stroke="${colour}" stroke-width="${width}"${extra}/>`;
}

const shadow = (y: number, rx: number) => `<ellipse cx="400" cy="${y}" rx="${rx}" ry="20" fill="#000" opacity=".08"/>`;

// --- drawings ----------------------------------------------------------------------------------

const coat: Drawing = (c, n) => {
  const sleeve = [300, 190, 225, 235, 175, 560, 238, 578, 282, 340];
  const lapel = [345, 180, 400, 320, 352, 300, 318, 205];
  const buttons = [370, 500, 610].map((y) => `<circle cx="424" cy="${y}" r="9" fill="${c.accent}"/>`).join('');
  const belt =
    n % 2 === 0
      ? `<rect x="262" y="430" width="276" height="28" fill="${c.dark}"/><rect x="384" y="426" width="32" height="36" rx="4" fill="none" stroke="${c.accent}" stroke-width="5"/>`
      : '';
  return [
    shadow(692, 230),
    poly(sleeve, c.dark),
    poly(mirror(sleeve), c.dark),
    poly([300, 180, 500, 180, 548, 680, 252, 680], c.item),
    poly([345, 180, 455, 180, 400, 250], c.dark),
    poly(lapel, c.light),
    poly(mirror(lapel), c.light),
    stroke('M400 320V680', c.dark, 4),
    buttons,
    `<rect x="282" y="540" width="80" height="12" rx="4" fill="${c.dark}"/><rect x="438" y="540" width="80" height="12" rx="4" fill="${c.dark}"/>`,
    belt,
  ].join('');
};

const sweater: Drawing = (c, n) => {
  const sleeve = [292, 200, 215, 240, 165, 545, 232, 565, 272, 330];
  const cuff = [165, 545, 232, 565, 224, 598, 157, 580];
  const patterns = [
    `<rect x="288" y="330" width="224" height="26" fill="${c.light}"/><rect x="288" y="390" width="224" height="26" fill="${c.light}"/>`,
    stroke('M370 250l20 30-20 30 20 30-20 30 20 30-20 30 20 30', c.dark, 8) +
      stroke('M410 250l20 30-20 30 20 30-20 30 20 30-20 30 20 30', c.dark, 8),
    stroke('M288 360H512', c.light, 16, ' stroke-dasharray="14 10"') + stroke('M288 334H512M288 386H512', c.light, 5),
  ];
  return [
    shadow(668, 220),
    poly(sleeve, c.item),
    poly(mirror(sleeve), c.item),
    poly(cuff, c.dark),
    poly(mirror(cuff), c.dark),
    poly([290, 195, 510, 195, 520, 605, 280, 605], c.item),
    at(patterns, n % 3),
    `<rect x="276" y="600" width="248" height="48" rx="6" fill="${c.dark}"/>`,
    stroke('M276 624H524', c.item, 48, ' stroke-dasharray="5 9" opacity=".35"'),
    stroke('M335 195Q400 275 465 195', c.dark, 22),
  ].join('');
};

const shirt: Drawing = (c, n) => {
  const sleeve = [302, 190, 228, 228, 190, 520, 250, 536, 288, 320];
  const cuff = [190, 520, 250, 536, 244, 562, 184, 546];
  const collar = [338, 180, 400, 232, 372, 270, 318, 200];
  const body = [300, 185, 500, 185, 515, 655, 285, 655];
  const stripes =
    n % 2 === 0
      ? `<pattern id="s" width="28" height="10" patternUnits="userSpaceOnUse"><rect width="8" height="10" fill="${c.light}" opacity=".45"/></pattern>${poly(body, 'url(#s)')}`
      : `<rect x="318" y="310" width="62" height="72" rx="6" fill="none" stroke="${c.dark}" stroke-width="4"/>`;
  const buttons = [290, 360, 430, 500, 570].map((y) => `<circle cx="400" cy="${y}" r="6" fill="${c.light}"/>`);
  return [
    shadow(676, 200),
    poly(sleeve, c.item),
    poly(mirror(sleeve), c.item),
    poly(cuff, c.dark),
    poly(mirror(cuff), c.dark),
    poly(body, c.item),
    stripes,
    stroke('M400 232V655', c.dark, 5),
    buttons.join(''),
    poly(collar, c.light),
    poly(mirror(collar), c.light),
  ].join('');
};

const trousers: Drawing = (c, n) => {
  const cuff = [254.7, 650, 371.2, 650, 368, 685, 252, 685];
  return [
    shadow(698, 200),
    `<path d="M292 170H508L548 685H432L400 330L368 685H252Z" fill="${c.item}"/>`,
    n % 2 === 1 ? poly(cuff, c.dark) + poly(mirror(cuff), c.dark) : '',
    stroke('M330 260L305 650M470 260L495 650', c.dark, 3, ' opacity=".45"'),
    `<rect x="290" y="160" width="220" height="44" fill="${c.dark}"/>`,
    `<rect x="318" y="154" width="10" height="56" fill="${c.light}"/><rect x="472" y="154" width="10" height="56" fill="${c.light}"/>`,
    stroke('M400 204V300M310 204Q322 250 298 268M490 204Q478 250 502 268', c.dark, 4),
    `<circle cx="400" cy="182" r="8" fill="${c.accent}"/>`,
  ].join('');
};

const shoe: Drawing = (c, n) => {
  const boot = n % 2 === 0;
  const upper = boot
    ? 'M175 560L180 250H320L330 420L520 478Q640 500 662 560Z'
    : 'M170 560L178 440Q184 410 220 408L330 410Q360 412 384 430L520 478Q640 500 662 560Z';
  const laces = [0, 1, 2, 3]
    .map((k) => {
      const x = 392 + k * 32;
      const y = 430 + (x - 384) * 0.353;
      return `M${x - 6} ${fmt(y + 16)}l16 -28`;
    })
    .join('');
  const detail = boot
    ? poly([298, 262, 318, 262, 328, 418, 292, 404], c.dark) +
      `<rect x="188" y="222" width="26" height="44" rx="8" fill="${c.dark}"/>`
    : `<path d="M170 560L178 440Q184 410 220 408H240L232 560Z" fill="${c.dark}"/>` +
      stroke(laces, c.light, 6, ' stroke-linecap="round"');
  return [
    shadow(630, 270),
    `<path d="${upper}" fill="${c.item}"/>`,
    detail,
    stroke('M560 500Q600 520 612 560', c.dark, 5),
    `<path d="M158 560H660Q690 560 690 586Q690 612 660 612H172Q146 612 146 586Q146 560 158 560Z" fill="${n % 3 === 0 ? c.dark : PAPER}"/>`,
    stroke('M160 586H676', c.dark, 3, ' opacity=".3"'),
  ].join('');
};

const bag: Drawing = (c, n) => {
  if (n % 2 === 1) {
    return [
      shadow(684, 210),
      stroke('M320 330V250Q320 190 400 190Q480 190 480 250V330', c.dark, 20),
      `<path d="M250 320H550L590 650Q592 670 572 670H228Q208 670 210 650Z" fill="${c.item}"/>`,
      `<path d="M250 320H550L554 356H246Z" fill="${c.dark}"/>`,
      `<rect x="320" y="430" width="160" height="120" rx="10" fill="${c.dark}" opacity=".35"/>`,
      `<circle cx="320" cy="338" r="8" fill="${c.accent}"/><circle cx="480" cy="338" r="8" fill="${c.accent}"/>`,
    ].join('');
  }
  return [
    shadow(664, 200),
    stroke('M262 340Q400 60 538 340', c.dark, 18),
    `<rect x="230" y="320" width="340" height="330" rx="36" fill="${c.item}"/>`,
    `<path d="M230 356Q230 320 266 320H534Q570 320 570 356V470Q400 530 230 470Z" fill="${c.dark}"/>`,
    stroke('M250 600H550', c.dark, 3, ' opacity=".4" stroke-dasharray="10 8"'),
    `<rect x="384" y="470" width="32" height="44" rx="8" fill="${c.accent}"/>`,
  ].join('');
};

const accessory: Drawing = (c, n) => {
  if (n % 2 === 1) {
    return [
      shadow(700, 120),
      `<rect x="345" y="120" width="110" height="560" rx="30" fill="${c.item}"/>`,
      `<circle cx="400" cy="600" r="6" fill="${c.dark}"/><circle cx="400" cy="632" r="6" fill="${c.dark}"/>`,
      `<rect x="522" y="384" width="30" height="32" rx="6" fill="${c.accent}"/>`,
      `<circle cx="400" cy="400" r="132" fill="${c.accent}"/><circle cx="400" cy="400" r="110" fill="${PAPER}"/>`,
      `<circle cx="400" cy="400" r="94" fill="none" stroke="${c.dark}" stroke-width="14" stroke-dasharray="3 46.22"/>`,
      stroke('M400 400V330M400 400L452 422', c.dark, 8, ' stroke-linecap="round"'),
      `<circle cx="400" cy="400" r="9" fill="${c.item}"/>`,
    ].join('');
  }
  return [
    shadow(620, 210),
    `<circle cx="400" cy="215" r="52" fill="${c.light}"/>`,
    `<path d="M225 520Q225 250 400 250Q575 250 575 520Z" fill="${c.item}"/>`,
    stroke('M340 268Q318 400 325 500M400 252V500M460 268Q482 400 475 500', c.dark, 4, ' opacity=".35"'),
    `<rect x="205" y="480" width="390" height="110" rx="24" fill="${c.dark}"/>`,
    stroke('M217 535H583', c.item, 92, ' stroke-dasharray="8 12" opacity=".35"'),
  ].join('');
};

const homeware: Drawing = (c, n) => {
  if (n % 2 === 1) {
    return [
      shadow(650, 150),
      `<rect x="388" y="380" width="24" height="150" fill="${c.dark}"/>`,
      `<path d="M320 645Q295 520 400 470Q505 520 480 645Z" fill="${c.item}"/>`,
      `<ellipse cx="400" cy="406" rx="150" ry="16" fill="#FFE9A8" opacity=".7"/>`,
      `<path d="M300 200H500L570 400H230Z" fill="${c.light}"/>`,
      stroke('M230 400H570', c.dark, 8, ' stroke-linecap="round"'),
    ].join('');
  }
  return [
    shadow(652, 150),
    stroke('M395 190Q380 120 330 90M408 190Q425 120 482 104', c.dark, 6),
    `<circle cx="330" cy="90" r="16" fill="${c.dark}"/><circle cx="482" cy="104" r="16" fill="${c.dark}"/>`,
    `<path d="M350 190H450V250Q560 320 545 480Q530 640 400 650Q270 640 255 480Q240 320 350 250Z" fill="${c.item}"/>`,
    `<rect x="338" y="180" width="124" height="22" rx="8" fill="${c.dark}"/>`,
    stroke('M290 430H510', c.light, 14, ' stroke-dasharray="14 12" stroke-linecap="round"'),
  ].join('');
};

const kitchenware: Drawing = (c, n) => {
  if (n % 2 === 1) {
    return [
      shadow(630, 190),
      stroke('M505 370Q610 370 610 455Q610 540 505 540', c.dark, 36),
      `<rect x="250" y="300" width="270" height="320" rx="34" fill="${c.item}"/>`,
      `<path d="M250 520H520V586Q520 620 486 620H284Q250 620 250 586Z" fill="${c.light}" opacity=".45"/>`,
      stroke(
        'M340 260Q320 230 340 200Q360 170 340 140M420 260Q400 230 420 200Q440 170 420 140',
        c.dark,
        10,
        ' opacity=".3" stroke-linecap="round"',
      ),
    ].join('');
  }
  return [
    shadow(650, 230),
    `<rect x="160" y="400" width="60" height="34" rx="14" fill="${c.dark}"/><rect x="580" y="400" width="60" height="34" rx="14" fill="${c.dark}"/>`,
    `<path d="M205 380H595V560Q595 640 515 640H285Q205 640 205 560Z" fill="${c.item}"/>`,
    stroke('M205 430H595', c.light, 6, ' opacity=".5"'),
    `<rect x="368" y="290" width="64" height="32" rx="12" fill="${c.light}"/>`,
    `<path d="M215 384Q400 250 585 384Z" fill="${c.dark}"/>`,
  ].join('');
};

const stationeryArt: Drawing = (c, n) => {
  if (n % 2 === 1) {
    return [
      shadow(640, 190),
      `<rect x="268" y="178" width="300" height="444" rx="14" fill="${PAPER}"/>`,
      `<rect x="250" y="170" width="300" height="444" rx="16" fill="${c.item}"/>`,
      `<path d="M266 170H294V614H266Q250 614 250 598V186Q250 170 266 170Z" fill="${c.dark}"/>`,
      `<rect x="500" y="170" width="14" height="444" fill="${c.accent}"/>`,
      `<rect x="340" y="270" width="130" height="70" rx="6" fill="${c.light}"/>`,
      stroke('M360 295H450M360 317H430', c.dark, 5),
    ].join('');
  }
  return [
    shadow(650, 200),
    `<g transform="rotate(-6 400 400)"><rect x="240" y="190" width="320" height="420" rx="10" fill="${PAPER}" stroke="${shade(c.bg, -0.1)}" stroke-width="3"/>`,
    stroke('M280 290H520M280 340H520M280 390H490M280 440H520M280 490H460', shade(c.bg, -0.12), 4),
    `</g><g transform="rotate(35 400 400)">`,
    `<rect x="376" y="150" width="48" height="400" rx="24" fill="${c.item}"/>`,
    `<rect x="376" y="300" width="48" height="12" fill="${c.accent}"/>`,
    `<rect x="418" y="170" width="10" height="120" rx="5" fill="${c.accent}"/>`,
    `<path d="M382 540H418L400 630Z" fill="${c.accent}"/>`,
    stroke('M400 572V612', c.dark, 3),
    '</g>',
  ].join('');
};

const ART: Record<string, CategoryArt> = {
  outerwear: {
    items: ['#2F3E5C', '#C08A52', '#6B7449', '#3D3F44', '#8C5A3C', '#5A6B7B'],
    accent: '#E8D5B0',
    draw: coat,
  },
  knitwear: {
    items: ['#B5542D', '#2F5D4E', '#D9A53A', '#7A2E3A', '#6E9CC3', '#A8957A'],
    accent: '#F4F1EA',
    draw: sweater,
  },
  shirts: {
    items: ['#6E9CC3', '#9DB08A', '#D98F6B', '#3F5A8A', '#B9A27A', '#7A8FA6'],
    accent: '#F4F1EA',
    draw: shirt,
  },
  trousers: {
    items: ['#2F3E5C', '#B9A27A', '#6B7449', '#3D3F44', '#3F5A8A', '#A0673E'],
    accent: '#D9A53A',
    draw: trousers,
  },
  footwear: {
    items: ['#8C5A3C', '#3D3F44', '#C08A52', '#6B4E3D', '#A33B2E', '#5A6B7B'],
    accent: '#F4F1EA',
    draw: shoe,
  },
  bags: {
    items: ['#A0673E', '#3D3F44', '#6B7449', '#2F3E5C', '#C9A27A', '#7A2E3A'],
    accent: '#D9A53A',
    draw: bag,
  },
  accessories: {
    items: ['#3D3F44', '#8C5A3C', '#2F5D4E', '#B5542D', '#2F3E5C', '#C08A52'],
    accent: '#C9CCD1',
    draw: accessory,
  },
  home: {
    items: ['#8FA58A', '#C96B4B', '#D9A53A', '#5A6B7B', '#B58DB6', '#6E9CC3'],
    accent: '#F4F1EA',
    draw: homeware,
  },
  kitchen: {
    items: ['#C96B4B', '#2D7D7A', '#3D3F44', '#D9A53A', '#6E9CC3', '#8FA58A'],
    accent: '#F4F1EA',
    draw: kitchenware,
  },
  stationery: {
    items: ['#2F3E5C', '#2F5D4E', '#B5542D', '#3D3F44', '#D9A53A', '#7A2E3A'],
    accent: '#D9A53A',
    draw: stationeryArt,
  },
};

/** The SVG text of image `n` (1-based) of a category. */
function renderSampleImage(categorySlug: string, categoryIndex: number, n: number): string {
  const art = ART[categorySlug];
  if (!art) throw new Error(`no illustration defined for category "${categorySlug}"`);
  const item = at(art.items, n - 1);
  const colours: Colours = {
    bg: at(BACKGROUNDS, (categoryIndex * 2 + n) % BACKGROUNDS.length),
    item,
    dark: shade(item, -0.28),
    light: shade(item, 0.55),
    accent: art.accent,
  };
  return (
    '<svg xmlns="http://www.w3.org/2000/svg" width="800" height="800" viewBox="0 0 800 800">' +
    `<rect width="800" height="800" fill="${colours.bg}"/>` +
    '<circle cx="400" cy="400" r="310" fill="#FFF" opacity=".45"/>' +
    art.draw(colours, n) +
    '</svg>\n'
  );
}

/** The WebP bytes of an SVG drawing, SAMPLE_IMAGE_SIZE pixels square. */
function rasterize(svg: string): Promise<Buffer> {
  return sharp(Buffer.from(svg), { density: (72 * SAMPLE_IMAGE_SIZE) / SVG_SIZE })
    .webp({ quality: WEBP_QUALITY })
    .toBuffer();
}

async function main(): Promise<void> {
  mkdirSync(outputDir, { recursive: true });
  const { categories } = buildSampleCatalog();
  const written = new Set<string>();
  let total = 0;
  let largest = 0;
  for (const [categoryIndex, category] of categories.entries()) {
    for (let n = 1; n <= SAMPLE_CATALOG_COUNTS.imagesPerCategory; n++) {
      const fileName = sampleImageFileName(category.slug, n);
      const bytes = await rasterize(renderSampleImage(category.slug, categoryIndex, n));
      if (bytes.length >= MAX_BYTES) throw new Error(`${fileName} is ${bytes.length} bytes (limit ${MAX_BYTES})`);
      writeFileSync(path.join(outputDir, fileName), bytes);
      written.add(fileName);
      total += bytes.length;
      largest = Math.max(largest, bytes.length);
    }
  }
  const stale = readdirSync(outputDir).filter((name) => !written.has(name));
  for (const name of stale) rmSync(path.join(outputDir, name));
  console.log(
    `wrote ${written.size} pictures (${SAMPLE_IMAGE_SIZE}x${SAMPLE_IMAGE_SIZE} WebP, ${total} bytes, largest ${largest}) ` +
      `to ${path.relative(repoRoot, outputDir)}; removed ${stale.length} others`,
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
