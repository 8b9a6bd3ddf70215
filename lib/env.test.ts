import { describe, expect, it } from 'vitest';
import { parseEnv } from './env';
import { edgeTargetsFromEnv } from './revalidation/edge/targets';

const valid = { DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/shop' };

describe('env validation', () => {
  it('applies defaults: on-demand only, 48 pre-rendered products, 24 per page', () => {
    const env = parseEnv(valid);
    expect(env.ISR_SAFETY_TTL_SECONDS).toBeUndefined();
    expect(env.PRERENDER_PRODUCT_COUNT).toBe(48);
    expect(env.CATEGORY_PAGE_SIZE).toBe(24);
    expect(env.REVALIDATE_SECRET).toBeUndefined();
  });

  it('requires a postgresql:// DATABASE_URL', () => {
    expect(() => parseEnv({})).toThrow(/DATABASE_URL/);
    expect(() => parseEnv({ DATABASE_URL: 'mysql://localhost/shop' })).toThrow(/postgresql/);
  });

  it('refuses a short REVALIDATE_SECRET rather than accepting a guessable one', () => {
    expect(() => parseEnv({ ...valid, REVALIDATE_SECRET: 'short' })).toThrow(/at least 16/);
    expect(parseEnv({ ...valid, REVALIDATE_SECRET: 'a'.repeat(16) }).REVALIDATE_SECRET).toBe('a'.repeat(16));
  });

  it('coerces numbers and rejects nonsense', () => {
    expect(parseEnv({ ...valid, ISR_SAFETY_TTL_SECONDS: '3600' }).ISR_SAFETY_TTL_SECONDS).toBe(3600);
    expect(() => parseEnv({ ...valid, ISR_SAFETY_TTL_SECONDS: '0' })).toThrow();
    expect(() => parseEnv({ ...valid, CATEGORY_PAGE_SIZE: 'many' })).toThrow();
    expect(() => parseEnv({ ...valid, PRERENDER_PRODUCT_COUNT: '-1' })).toThrow();
  });

  it('trusts no proxy unless told how many there are', () => {
    expect(parseEnv(valid).TRUSTED_PROXY_HOPS).toBe(0);
    expect(parseEnv({ ...valid, TRUSTED_PROXY_HOPS: '2' }).TRUSTED_PROXY_HOPS).toBe(2);
    expect(() => parseEnv({ ...valid, TRUSTED_PROXY_HOPS: '-1' })).toThrow();
    expect(() => parseEnv({ ...valid, TRUSTED_PROXY_HOPS: 'yes' })).toThrow();
  });

  it('accepts only a redis:// or rediss:// REDIS_URL, and none at all (one process, its own cache)', () => {
    expect(parseEnv(valid).REDIS_URL).toBeUndefined();
    expect(parseEnv({ ...valid, REDIS_URL: 'redis://127.0.0.1:6379' }).REDIS_URL).toBe('redis://127.0.0.1:6379');
    expect(parseEnv({ ...valid, REDIS_URL: 'rediss://cache.internal:6380/0' }).REDIS_URL).toBeDefined();
    expect(() => parseEnv({ ...valid, REDIS_URL: 'http://127.0.0.1:6379' })).toThrow(/redis:\/\//);
    expect(() => parseEnv({ ...valid, REDIS_URL: '127.0.0.1:6379' })).toThrow(/REDIS_URL/);
  });
});

describe('webhook settings', () => {
  const base = { DATABASE_URL: 'postgresql://localhost/shop' };

  it('runs both purge roles in one process by default, and splits them only over a shared page cache', () => {
    expect(parseEnv(valid).PURGE_ROLE).toBe('all');
    const redis = { ...valid, REDIS_URL: 'redis://127.0.0.1:6379' };
    expect(parseEnv({ ...redis, PURGE_ROLE: 'web' }).PURGE_ROLE).toBe('web');
    const secret = { REVALIDATE_SECRET: 'a-secret-of-enough-length' };
    expect(parseEnv({ ...redis, ...secret, PURGE_ROLE: 'worker' }).PURGE_ROLE).toBe('worker');
    expect(() => parseEnv({ ...redis, PURGE_ROLE: 'worker' })).toThrow(/PURGE_ROLE=worker needs REVALIDATE_SECRET/);
    expect(() => parseEnv({ ...valid, PURGE_ROLE: 'worker' })).toThrow(/PURGE_ROLE=worker needs REDIS_URL/);
    expect(() => parseEnv({ ...valid, PURGE_ROLE: 'web' })).toThrow(/PURGE_ROLE=web needs REDIS_URL/);
    expect(() => parseEnv({ ...redis, PURGE_ROLE: 'both' })).toThrow(/PURGE_ROLE/);
  });

  it('treats empty values as unset, as docker-compose passes them', () => {
    const env = parseEnv({ ...base, STRIPE_WEBHOOK_SECRET: '', SHOPIFY_SHOP_DOMAIN: '' });
    expect(env.STRIPE_WEBHOOK_SECRET).toBeUndefined();
    expect(env.SHOPIFY_SHOP_DOMAIN).toBeUndefined();
  });

  it('refuses a Stripe secret that is not a whsec_ signing secret, and a shop that is not a myshopify.com domain', () => {
    expect(() => parseEnv({ ...base, STRIPE_WEBHOOK_SECRET: 'sk_test_123' })).toThrow(/whsec_/);
    expect(() => parseEnv({ ...base, SHOPIFY_SHOP_DOMAIN: 'shop.example.com' })).toThrow(/myshopify/);
    expect(() => parseEnv({ ...base, SHOPIFY_SHOP_CURRENCY: 'XYZ' })).toThrow();
    expect(parseEnv({ ...base, SHOPIFY_SHOP_DOMAIN: 'fresh-price.myshopify.com' }).SHOPIFY_SHOP_CURRENCY).toBe('USD');
  });
});

describe('edge targets', () => {
  it('turns on no edge target by default', () => {
    expect(edgeTargetsFromEnv(parseEnv(valid))).toEqual([]);
  });

  it('turns on Varnish, nginx and Cloudflare from their env, with the shop host', () => {
    const env = parseEnv({
      ...valid,
      EDGE_VARNISH_URL: 'http://127.0.0.1:6081',
      EDGE_NGINX_URL: 'http://127.0.0.1:8081',
      EDGE_SHOP_HOST: 'shop.example.com',
      CLOUDFLARE_ZONE_ID: '023e105f4ecef8ad9ca31a8372d0c353',
      CLOUDFLARE_API_TOKEN: 'a-token-of-forty-characters-0123456789ab',
    });
    expect(edgeTargetsFromEnv(env).map((t) => t.name)).toEqual(['varnish', 'nginx', 'cloudflare']);
    expect(env.CLOUDFLARE_PURGE_BATCH_SIZE).toBe(30);
  });

  it('refuses a half-configured edge', () => {
    expect(() => parseEnv({ ...valid, EDGE_VARNISH_URL: 'http://127.0.0.1:6081' })).toThrow(/EDGE_SHOP_HOST/);
    expect(() => parseEnv({ ...valid, EDGE_NGINX_URL: 'http://127.0.0.1:8081' })).toThrow(/EDGE_SHOP_HOST/);
    expect(() =>
      parseEnv({ ...valid, EDGE_SHOP_HOST: 'shop.example.com', CLOUDFLARE_ZONE_ID: 'a'.repeat(32) }),
    ).toThrow(/CLOUDFLARE_API_TOKEN/);
    expect(() => parseEnv({ ...valid, EDGE_VARNISH_URL: 'https://varnish', EDGE_SHOP_HOST: 'a.b' })).toThrow(
      /http:\/\//,
    );
  });
});
