import { defineConfig } from '@playwright/test';

// Run through `npm run test:e2e` (scripts/e2e.ts), which prepares the database and the
// production build and sets these variables.
const port = Number(process.env.E2E_PORT ?? 3100);

export default defineConfig({
  testDir: './e2e',
  // The specs change shared catalog rows and pages, so they run one at a time.
  workers: 1,
  fullyParallel: false,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  timeout: 60_000,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  projects: [
    // Matched on absolute paths: anchored at e2e/ so a checkout under a folder named "final"
    // does not move every spec into the last project.
    { name: 'specs', testIgnore: '**/e2e/final/**' },
    // After every spec: the whole shop must agree with the database once the queue drains.
    { name: 'final', testDir: './e2e/final', dependencies: ['specs'] },
  ],
  webServer: {
    command: `node_modules/.bin/next start -p ${port} -H 127.0.0.1`,
    url: `http://127.0.0.1:${port}/`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'pipe',
    stderr: 'pipe',
  },
});
