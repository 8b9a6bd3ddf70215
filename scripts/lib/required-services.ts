/**
 * Tests that need Redis, `redis-server` or `varnishd` are skipped, naming what is missing, on a
 * machine without them (a newcomer's laptop). CI sets REQUIRE_SCALE_OUT_SERVICES=1 (.ci/run), and
 * there a missing one is a failure instead: the scale-out proofs must not pass by being skipped.
 */
export function scaleOutServicesRequired(): boolean {
  return process.env.REQUIRE_SCALE_OUT_SERVICES === '1';
}

/** Throws when the services are required and `missing` names one; otherwise returns whether to skip. */
export function shouldSkipFor(missing: string | undefined): boolean {
  if (!missing) return false;
  if (scaleOutServicesRequired()) throw new Error(`REQUIRE_SCALE_OUT_SERVICES=1, but ${missing}`);
  console.warn(`skipped: ${missing}`); // the list reporters do not print skip reasons
  return true;
}
