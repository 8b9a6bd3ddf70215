/**
 * The quick start: one command from a fresh clone to a running shop with sample data.
 * Database (embedded unless DATABASE_URL is set) -> migrations -> sample catalog if empty ->
 * the admin account -> `next build` if the sources, database or page settings changed ->
 * the local Stripe stand-in unless STRIPE_SECRET_KEY is set -> `next start` on $PORT (default 3000).
 */
import { adminLine, prepareDemoShop, tryItLines } from './lib/demo-shop';
import { demoStripePlan, startDemoStripe } from './lib/demo-stripe';
import { bin } from './lib/repo';
import { runCommand } from './lib/run-command';
import { runMain } from './lib/run-main';

async function main(): Promise<number> {
  const port = process.env.PORT ?? '3000';
  const origin = `http://localhost:${port}`;
  // Static pages are built with their absolute URLs (canonical, og:url, breadcrumbs): the address
  // printed below, where `npm run lighthouse` looks, unless you set your own.
  process.env.PUBLIC_SHOP_URL ??= origin;
  const { env, release } = await prepareDemoShop();
  try {
    const stripe = await startDemoStripe(demoStripePlan(env), env.STRIPE_WEBHOOK_SECRET);
    try {
      stripe.sendEventsTo(`http://127.0.0.1:${port}`);
      console.log(`\n  Shop:  ${origin}/`);
      console.log(adminLine(env, origin));
      console.log(stripe.line);
      for (const line of tryItLines(env, origin)) console.log(line);
      return await runCommand(bin('next'), ['start', '-p', port], { ...env, ...stripe.env });
    } finally {
      await stripe.close();
    }
  } finally {
    await release();
  }
}

runMain(main);
