/** The Prisma `select` every product card needs, kept in one place so listings stay alike. */
export const productCardSelect = {
  slug: true,
  title: true,
  images: { select: { url: true, alt: true, width: true, height: true }, orderBy: { position: 'asc' }, take: 1 },
  variants: {
    select: { sku: true, title: true, price: true, currency: true, compareAtPrice: true, stock: true },
    orderBy: { position: 'asc' },
  },
} as const;
