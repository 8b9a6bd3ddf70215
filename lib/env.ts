/**
 * The one place that reads process.env. Everything is validated once, on first use, so a
 * misconfigured deployment fails loudly at start instead of serving wrong pages.
 */
import { z } from 'zod';
import { ALLOWED_CURRENCIES } from './money/limits';
import { QUEUE_POLICY } from './queue-policy';

const optionalPositiveInt = z.coerce.number().int().positive().optional();

const serverEnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATABASE_URL: z
    .string({ error: 'DATABASE_URL is required (the start scripts set it for the embedded database)' })
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must be a postgresql:// URL'),
  /** Pool size per process; each `next start` worker opens up to this many connections. */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  /** Shared secret for /api/revalidate. Optional at build time; the route refuses to work without it. */
  REVALIDATE_SECRET: z.string().min(16, 'REVALIDATE_SECRET must be at least 16 characters').optional(),
  /** How many product pages `next build` pre-renders; the rest render on first request. */
  PRERENDER_PRODUCT_COUNT: z.coerce.number().int().min(0).default(48),
  CATEGORY_PAGE_SIZE: z.coerce.number().int().min(1).max(200).default(24),
  /** Optional safety-net time-based revalidation in seconds. Unset means on-demand only. */
  ISR_SAFETY_TTL_SECONDS: optionalPositiveInt,
  /** Stripe endpoint signing secret (`whsec_...`); /api/webhooks/stripe refuses to work without it. */
  STRIPE_WEBHOOK_SECRET: z.string().startsWith('whsec_', 'STRIPE_WEBHOOK_SECRET must start with whsec_').optional(),
  /** Stripe secret key, for the reconcile command and to fetch a price a webhook names but never sent. */
  STRIPE_SECRET_KEY: z
    .string()
    .regex(/^(sk|rk)_(test|live)_/, 'STRIPE_SECRET_KEY must be a secret or restricted key (sk_... or rk_...)')
    .optional(),
  /** Where the Stripe client connects; only tests and local stubs change these. */
  STRIPE_API_HOST: z.string().min(1).optional(),
  STRIPE_API_PORT: optionalPositiveInt,
  STRIPE_API_PROTOCOL: z.enum(['http', 'https']).optional(),
  /** The Shopify app's client secret, which signs webhooks (X-Shopify-Hmac-Sha256). */
  SHOPIFY_WEBHOOK_SECRET: z.string().min(1).optional(),
  /** The shop's `*.myshopify.com` domain; deliveries from any other shop are refused. */
  SHOPIFY_SHOP_DOMAIN: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]*\.myshopify\.com$/, "SHOPIFY_SHOP_DOMAIN must be the shop's <name>.myshopify.com domain")
    .optional(),
  /** The shop's currency: Shopify sends prices as decimals without one. */
  SHOPIFY_SHOP_CURRENCY: z.enum(ALLOWED_CURRENCIES).default('USD'),
  /** Admin API access token (`shpat_...`) for the reconcile command. */
  SHOPIFY_ADMIN_ACCESS_TOKEN: z.string().min(1).optional(),
  /** Admin API base URL; defaults to https://<SHOPIFY_SHOP_DOMAIN>. Only tests and local stubs change it. */
  SHOPIFY_ADMIN_API_URL: z.url().optional(),
  /** Seals admin session cookies (iron-session); at least 32 characters. Required for /admin. */
  SESSION_SECRET: z.string().min(32, 'SESSION_SECRET must be at least 32 characters').optional(),
  /** Send the session cookie only over HTTPS. Defaults to true in production. */
  SESSION_COOKIE_SECURE: z.enum(['true', 'false']).optional(),
  /** The first admin, created (or its password reset) by the seed and the quick start. */
  ADMIN_EMAIL: z.email().optional(),
  ADMIN_PASSWORD: z.string().min(12, 'ADMIN_PASSWORD must be at least 12 characters').optional(),
  /**
   * Reverse proxies in front of the app that append to X-Forwarded-For. 0: the socket address is
   * the client's (per-IP login limit); n: the n-th X-Forwarded-For entry from the right is.
   */
  TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  /** The shop's public address (https://shop.example.com): canonical, Open Graph and breadcrumb URLs of the pages, and the links of the sitemap, the product feed and robots.txt. */
  PUBLIC_SHOP_URL: z.url({ protocol: /^https?$/, error: 'PUBLIC_SHOP_URL must be an http(s):// URL' }).optional(),
  /**
   * What this process does with the purge outbox (docs/scaling.md, "Web and worker roles"): `all`
   * serves shoppers and regenerates (the one-process quick start); `web` serves shoppers and the
   * dashboard but never drains nor regenerates: a change's request waits for a `worker`, which
   * drains the outbox and the webhook inbox and renders into the shared cache.
   */
  PURGE_ROLE: z.enum(['all', 'web', 'worker']).default('all'),
  /** `1`: print one line per page render (`render <path> (<role>)`), to see which process renders. */
  LOG_RENDERS: z.enum(['0', '1']).default('0'),
  /** How often each server process checks the purge outbox for due retries. */
  PURGE_DRAIN_INTERVAL_MS: z.coerce.number().int().min(100).max(60_000).default(QUEUE_POLICY.drainIntervalMs),
  /** Where the drainer reaches its own server; default http://127.0.0.1:$PORT. */
  PURGE_DRAIN_ORIGIN: z.url().optional(),
  /** /api/health answers 503 when a purge has been pending longer than this. */
  PURGE_MAX_PENDING_SECONDS: z.coerce.number().int().min(1).default(120),
  /** One ISR cache for every `next start` process (lib/isr-cache); unset: each process caches alone. */
  REDIS_URL: z.url({ protocol: /^rediss?$/, error: 'REDIS_URL must be a redis:// or rediss:// URL' }).optional(),
  /** Prefix of this shop's Redis keys, before the build id (lib/isr-cache/key-prefix.mjs). */
  REDIS_KEY_PREFIX: z
    .string()
    .regex(/^[\w.-]*$/, 'REDIS_KEY_PREFIX: letters, digits, _ . - only')
    .optional(),
  /** Next's build folder (next.config.ts reads it too); the purge reads the build id there. */
  NEXT_DIST_DIR: z.string().min(1).default('.next'),
  /** How many pages one purge regenerates at once. */
  REVALIDATE_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(8),
  /** Varnish in front of the shop (http://host:port); set to PURGE each regenerated page there. */
  EDGE_VARNISH_URL: z.url({ protocol: /^http$/, error: 'EDGE_VARNISH_URL must be an http:// URL' }).optional(),
  /** The nginx edge (nginx/default.conf, http://host:port); set to refresh each regenerated page there. */
  EDGE_NGINX_URL: z.url({ protocol: /^http$/, error: 'EDGE_NGINX_URL must be an http:// URL' }).optional(),
  /** The second refresh of a copy an edge may have stored beside a shopper's fetch (lib/revalidation/edge/); 0: none. */
  EDGE_REPURGE_AFTER_MS: z.coerce.number().int().min(0).max(60_000).default(QUEUE_POLICY.inFlightWriteMs),
  /** The Host shoppers use (e.g. shop.example.com): edge refreshes and PURGEs carry it, Cloudflare purges https://<it>/<path>. */
  EDGE_SHOP_HOST: z
    .string()
    .regex(/^[a-z0-9.-]+(:\d+)?$/i, 'EDGE_SHOP_HOST must be a host name, optionally with :port')
    .optional(),
  /** Cloudflare purge-by-URL: both set turn it on (token needs the Zone > Cache Purge permission). */
  CLOUDFLARE_ZONE_ID: z
    .string()
    .regex(/^[a-f0-9]{32}$/, 'CLOUDFLARE_ZONE_ID must be 32 hex characters')
    .optional(),
  CLOUDFLARE_API_TOKEN: z.string().min(20, 'CLOUDFLARE_API_TOKEN looks too short').optional(),
  /** Only tests and local stubs change it. */
  CLOUDFLARE_API_BASE: z.url().default('https://api.cloudflare.com/client/v4'),
  /** URLs per purge call: Cloudflare documents 100 per request today (30 on older plans). */
  CLOUDFLARE_PURGE_BATCH_SIZE: z.coerce.number().int().min(1).max(500).default(30),
});

/** Half-configured edge targets fail at start rather than silently never purging. */
const checkedServerEnvSchema = serverEnvSchema.superRefine((env, ctx) => {
  if (Boolean(env.CLOUDFLARE_ZONE_ID) !== Boolean(env.CLOUDFLARE_API_TOKEN)) {
    ctx.addIssue({
      code: 'custom',
      path: ['CLOUDFLARE_API_TOKEN'],
      message: 'set both CLOUDFLARE_ZONE_ID and CLOUDFLARE_API_TOKEN, or neither',
    });
  }
  if ((env.EDGE_VARNISH_URL || env.EDGE_NGINX_URL || env.CLOUDFLARE_ZONE_ID) && !env.EDGE_SHOP_HOST) {
    ctx.addIssue({
      code: 'custom',
      path: ['EDGE_SHOP_HOST'],
      message: 'EDGE_SHOP_HOST is required when an edge target is configured',
    });
  }
  if (env.PURGE_ROLE !== 'all' && !env.REDIS_URL) {
    // The worker renders into its own process's memory otherwise: no web instance would see it.
    ctx.addIssue({
      code: 'custom',
      path: ['REDIS_URL'],
      message: `PURGE_ROLE=${env.PURGE_ROLE} needs REDIS_URL: the worker's renders reach the web instances through the shared page cache`,
    });
  }
  if (env.PURGE_ROLE === 'worker' && !env.REVALIDATE_SECRET) {
    // Its drain timer calls its own drain route with the secret: without it the worker would do nothing.
    ctx.addIssue({ code: 'custom', path: ['REVALIDATE_SECRET'], message: 'PURGE_ROLE=worker needs REVALIDATE_SECRET' });
  }
});

export type ServerEnv = z.infer<typeof serverEnvSchema>;

let cached: ServerEnv | undefined;

/** Validated server environment; throws with every problem listed when it is invalid. */
export function getEnv(): ServerEnv {
  if (cached) return cached;
  const parsed = checkedServerEnvSchema.safeParse(withoutEmptyValues(process.env));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid environment:\n${problems.join('\n')}`);
  }
  cached = parsed.data;
  return cached;
}

/** Parses an arbitrary record; exported for tests of the validation rules. */
export function parseEnv(source: Record<string, string | undefined>): ServerEnv {
  return checkedServerEnvSchema.parse(withoutEmptyValues(source));
}

/** `FOO=` (as docker-compose writes `\${FOO:-}`) means "not set", not "set to nothing". */
function withoutEmptyValues(source: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(source).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== ''),
  );
}
