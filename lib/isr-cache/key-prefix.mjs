/**
 * The Redis key prefix of this build's ISR pages, shared by the cache handler (plain JavaScript,
 * loaded by Next outside its bundler) and the purge's check that a page reached Redis.
 * `<REDIS_KEY_PREFIX or "storefront">:<build id>:`, so two deploys (or test runs) never share pages.
 */
export function keyPrefixFor(prefix, buildId) {
  return `${prefix || 'storefront'}:${(buildId ?? 'unknown-build').trim()}:`;
}
