/**
 * docker-compose.yml without Docker: the quick start's database, sample data, admin and build
 * (scripts/lib/demo-shop.ts), then Redis, two web `next start` instances sharing it, a worker
 * instance that regenerates for both (SCALED_WORKERS=2: two, like the compose file's profile
 * second-worker; SCALED_WORKERS_BELOW=1: below the web instances on the CPU, like
 * WORKER_CPU_SHARES), and Varnish (varnish/compose.vcl) in front of the two (scripts/lib/scaled-shop.ts), and the local Stripe
 * stand-in unless STRIPE_SECRET_KEY is set (scripts/lib/demo-stripe.ts). Ctrl-C stops them all.
 * The nginx edge (nginx/compose.conf) serves the same shop on a second port. Needs varnishd and
 * nginx, and redis-server unless REDIS_URL names a running Redis.
 */
import { adminLine, prepareDemoShop, tryItLines } from './lib/demo-shop';
import { demoStripePlan, startDemoStripe } from './lib/demo-stripe';
import { freePortPreferring } from './lib/free-port';
import { loadProjectEnv, repoRoot } from './lib/repo';
import { runMain } from './lib/run-main';
import { missingForScaledShop, startScaledShop, workerCountFor, workerName } from './lib/scaled-shop';

async function main(): Promise<number> {
  loadProjectEnv(); // REDIS_URL may come from .env
  // Before the build, which takes minutes: say at once what is missing.
  const missing = missingForScaledShop(process.env.REDIS_URL);
  if (missing.length > 0) {
    console.error(`demo:scaled needs ${missing.join(' and ')}.`);
    return 1;
  }
  // SCALED_ROLES and SCALED_WORKERS that do not go together fail now, not after the build.
  const roles = process.env.SCALED_ROLES === 'all' ? 'all' : 'split';
  const workers = process.env.SCALED_WORKERS ? Number(process.env.SCALED_WORKERS) : undefined;
  const workersBelow = process.env.SCALED_WORKERS_BELOW === '1';
  workerCountFor(roles === 'split', workers);
  // Chosen before the build: static pages carry the shop's address in their absolute URLs.
  const shopPort = await freePortPreferring(8080);
  const publicShopUrl = (process.env.PUBLIC_SHOP_URL ??= `http://127.0.0.1:${shopPort}`);
  const { env, release } = await prepareDemoShop();
  const redisUrl = process.env.REDIS_URL;
  // Listening from here on, and to every later signal: a Ctrl-C while the servers start (or a
  // second one while they stop) must not exit before they are stopped, or they would outlive us.
  const stopSignal = new Promise<NodeJS.Signals>((resolve) => {
    process.on('SIGINT', resolve);
    process.on('SIGTERM', resolve);
  });
  const stripe = await startDemoStripe(demoStripePlan(env), env.STRIPE_WEBHOOK_SECRET).catch(async (error) => {
    await release();
    throw error;
  });
  try {
    const shop = await startScaledShop({
      root: repoRoot,
      env: { ...env, ...stripe.env },
      redisUrl,
      // SCALED_ROLES=all: no worker, each web instance regenerates its own changes (to compare with the split).
      roles,
      // SCALED_WORKERS=2: a second worker, as `docker compose --profile second-worker up` runs it.
      workers,
      // SCALED_WORKERS_BELOW=1: the workers below app1 and app2 on the CPU, as WORKER_CPU_SHARES does in compose.
      workersBelow,
      // In a Redis you share, the demo's pages stay apart from any other shop's.
      redisKeyPrefix: redisUrl ? (process.env.REDIS_KEY_PREFIX ?? 'storefront-demo-scaled') : undefined,
      // The compose file's ports when they are free.
      preferredPorts: { shop: shopPort, app1: 3001, app2: 3002, worker: 3003, nginxEdge: 8081 },
      onOutput: (instance, chunk) => process.stdout.write(chunk.replace(/^(?=.)/gm, `[${instance}] `)),
    });
    // Through Varnish, as Stripe would reach the shop (it passes /api through).
    stripe.sendEventsTo(shop.shopUrl);
    const [app1, app2] = shop.instances;
    console.log(`\n  Shop (Varnish, round robin over both): ${shop.shopUrl}/`);
    console.log(`  The same shop through the nginx edge: ${shop.nginxEdgeUrl}/`);
    if (publicShopUrl !== shop.shopUrl) console.log(`  Pages name ${publicShopUrl} (PUBLIC_SHOP_URL) as their address`);
    console.log(`  app1: ${app1?.origin}/   app2: ${app2?.origin}/   Redis: ${shop.redisUrl}`);
    const [worker, ...others] = shop.workers;
    if (worker)
      console.log(
        `  worker (regenerates every purged page into Redis; app1 and app2 never do): ${worker.origin}/` +
          others.map((other, index) => `   ${workerName(index + 1)}: ${other.origin}/`).join('') +
          (workersBelow ? '\n  workers below app1 and app2 on the CPU (SCALED_WORKERS_BELOW=1)' : ''),
      );
    else console.log('  no worker (SCALED_ROLES=all): app1 and app2 each regenerate their own changes');
    console.log(adminLine(env, shop.shopUrl));
    console.log(stripe.line);
    for (const line of tryItLines(env, app1?.origin ?? '', `SHOP_URL=${app1?.origin} `)) console.log(line);
    const signal = await stopSignal;
    console.log(`\ndemo:scaled: ${signal}, stopping Varnish, the instances and Redis ...`);
    await shop.stop();
    return 0;
  } finally {
    await stripe.close();
    await release();
  }
}

runMain(main);
