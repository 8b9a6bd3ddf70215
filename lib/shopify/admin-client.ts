/**
 * The Shopify Admin GraphQL client (@shopify/admin-api-client), made from the validated env, and
 * the one way a query goes out: Shopify's THROTTLED answers are waited out as long as its
 * throttleStatus says, and every other failure becomes a ShopifyAdminApiError naming it.
 */
import { createAdminApiClient, type AdminApiClient } from '@shopify/admin-api-client';
import { z } from 'zod';
import { getEnv, type ServerEnv } from '../env';
import { ConfigurationError } from '../http/errors';

/** The Admin API version requested; Shopify supports each for a year (the client warns after). */
export const SHOPIFY_ADMIN_API_VERSION = '2026-10';
/** THROTTLED answers to one query before giving up. */
export const MAX_THROTTLED_ATTEMPTS = 5;

export type ShopifyAdminClient = AdminApiClient;

export class ShopifyAdminApiError extends Error {
  override name = 'ShopifyAdminApiError';
}

export function createShopifyAdminClient(env: ServerEnv = getEnv()): ShopifyAdminClient {
  if (!env.SHOPIFY_ADMIN_ACCESS_TOKEN || !env.SHOPIFY_SHOP_DOMAIN) {
    throw new ConfigurationError('SHOPIFY_ADMIN_ACCESS_TOKEN and SHOPIFY_SHOP_DOMAIN must be set');
  }
  const stub = env.SHOPIFY_ADMIN_API_URL?.startsWith('http://') ? env.SHOPIFY_ADMIN_API_URL : undefined;
  return createAdminApiClient({
    storeDomain: env.SHOPIFY_ADMIN_API_URL ?? env.SHOPIFY_SHOP_DOMAIN,
    apiVersion: SHOPIFY_ADMIN_API_VERSION,
    accessToken: env.SHOPIFY_ADMIN_ACCESS_TOKEN,
    // 429, 500 and 503 answers and network failures, one second apart.
    retries: 2,
    // The client always speaks https; only a local stand-in (tests) listens on plain http.
    customFetchApi: stub ? (url, init) => fetch(url.replace(/^https:/, 'http:'), init) : undefined,
  });
}

const throttleSchema = z.object({
  requestedQueryCost: z.number(),
  throttleStatus: z.object({ maximumAvailable: z.number(), currentlyAvailable: z.number(), restoreRate: z.number() }),
});

/** Runs `query` and returns its `data` as `schema` reads it; throws ShopifyAdminApiError on any failure. */
export async function requestShopifyAdmin<T>(
  client: ShopifyAdminClient,
  query: string,
  variables: Record<string, unknown>,
  schema: z.ZodType<T>,
): Promise<T> {
  const operation = /\b(?:query|mutation)\s+(\w+)/.exec(query)?.[1] ?? 'query';
  for (let attempt = 1; ; attempt++) {
    const { data, errors, extensions } = await client.request<unknown>(query, { variables });
    if (!errors) return readData(operation, data, schema);
    const throttled = errors.graphQLErrors?.some((e) => e.extensions?.code === 'THROTTLED');
    if (!throttled) throw await failureOf(client, operation, errors);
    const cost = throttleSchema.safeParse(extensions?.cost);
    if (attempt >= MAX_THROTTLED_ATTEMPTS) {
      const state = cost.success ? ` (${describeCost(cost.data)})` : '';
      throw new ShopifyAdminApiError(
        `Shopify Admin API: ${operation} still throttled after ${attempt} attempts${state}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, throttledWaitMs(cost.success ? cost.data : undefined)));
  }
}

/** How long until the bucket holds the query's cost again, from Shopify's throttleStatus (1 s without one). */
export function throttledWaitMs(cost: z.infer<typeof throttleSchema> | undefined): number {
  if (!cost || cost.throttleStatus.restoreRate <= 0) return 1_000;
  const missing = Math.max(1, cost.requestedQueryCost - cost.throttleStatus.currentlyAvailable);
  return Math.ceil((missing / cost.throttleStatus.restoreRate) * 1_000);
}

function describeCost({ requestedQueryCost, throttleStatus: s }: z.infer<typeof throttleSchema>): string {
  return `costs ${requestedQueryCost}, ${s.currentlyAvailable} of ${s.maximumAvailable} points available, ${s.restoreRate}/s restored`;
}

function readData<T>(operation: string, data: unknown, schema: z.ZodType<T>): T {
  const parsed = schema.safeParse(data);
  if (parsed.success) return parsed.data;
  throw new ShopifyAdminApiError(
    `Shopify Admin API: unexpected ${operation} answer:\n${z.prettifyError(parsed.error)}`,
  );
}

type ResponseErrors = NonNullable<Awaited<ReturnType<ShopifyAdminClient['request']>>['errors']>;

async function failureOf(client: ShopifyAdminClient, operation: string, errors: ResponseErrors): Promise<Error> {
  if (errors.graphQLErrors?.length) {
    const messages = errors.graphQLErrors.map(
      (e) => `${e.message}${e.extensions?.code ? ` [${e.extensions.code}]` : ''}`,
    );
    return new ShopifyAdminApiError(`Shopify Admin API refused ${operation}: ${messages.join('; ')}`);
  }
  const status = errors.networkStatusCode;
  if (status === undefined) {
    return new ShopifyAdminApiError(`Shopify Admin API unreachable at ${client.config.apiUrl}: ${errors.message}`);
  }
  const body = errors.response && !errors.response.bodyUsed ? await errors.response.text().catch(() => '') : '';
  const hint = status === 401 ? ' (check SHOPIFY_ADMIN_ACCESS_TOKEN)' : '';
  return new ShopifyAdminApiError(`Shopify Admin API answered ${status} to ${operation}${hint}: ${body.slice(0, 300)}`);
}
