import { getEnv } from '../env';

/**
 * The `revalidate` value every storefront page returns: false (pages change only when the
 * purge module regenerates them) unless ISR_SAFETY_TTL_SECONDS sets a time-based safety net.
 */
export function pageRevalidateSetting(): number | false {
  return getEnv().ISR_SAFETY_TTL_SECONDS ?? false;
}
