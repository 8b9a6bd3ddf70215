import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { userInfo } from 'node:os';

const DEBIAN_CHROMIUM = '/usr/bin/chromium';

/**
 * The browser the end-to-end tests drive. Playwright's own browser download cannot work
 * offline, so we use the system's Chromium, installing Debian's package when we can.
 */
export function ensureChromium(): string {
  const configured = process.env.CHROMIUM_PATH;
  if (configured) return configured;
  if (existsSync(DEBIAN_CHROMIUM)) return DEBIAN_CHROMIUM;
  if (userInfo().uid === 0 && existsSync('/usr/bin/apt-get')) {
    console.log('e2e: installing Debian chromium (first run only) ...');
    const install = 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium';
    spawnSync('sh', ['-c', install], { stdio: 'inherit' });
    if (existsSync(DEBIAN_CHROMIUM)) return DEBIAN_CHROMIUM;
  }
  throw new Error(
    'No Chromium found. Install one (Debian/Ubuntu: `sudo apt-get install chromium`) or set CHROMIUM_PATH to its executable.',
  );
}
