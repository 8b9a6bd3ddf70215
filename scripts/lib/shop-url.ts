/** The running shop the operator tools talk to: SHOP_URL, else http://localhost:$PORT (default 3000). */
export function shopUrl(): string {
  const url = process.env.SHOP_URL ?? `http://localhost:${process.env.PORT ?? 3000}`;
  return url.replace(/\/+$/, '');
}
