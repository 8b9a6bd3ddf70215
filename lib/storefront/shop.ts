/** The shop's name, as pages, the product feed and the sitemap's neighbours say it. */
export const SHOP_NAME = 'Fresh Price Supply Co.';
