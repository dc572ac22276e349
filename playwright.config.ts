import { defineConfig } from '@playwright/test';

// The suite runs against the BUILT site (`npm run build` first; scripts/test-all.sh does it) on the demo catalog.
// A second server previews a BASE_PATH=/cinelocal/ build to prove the site works under a sub-path.
// CINELOCAL_E2E_DATASET=kaggle tells the specs that public/data holds the real catalog (dataset wording differs).
export const SUBPATH_BASE = '/cinelocal/';
export const SUBPATH_PORT = 4174;

const chromiumArgs = ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export default defineConfig({
  testDir: 'test/e2e',
  outputDir: 'test-results',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 2,
  retries: 0,
  reporter: process.env.CI ? 'list' : [['list']],
  use: {
    baseURL: 'http://localhost:4173/',
    browserName: 'chromium',
    viewport: { width: 1100, height: 800 },
    launchOptions: { executablePath: '/usr/bin/chromium', args: chromiumArgs },
    serviceWorkers: 'allow',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  webServer: [
    {
      command: 'npx vite preview --port 4173 --strictPort',
      url: 'http://localhost:4173/',
      reuseExistingServer: !process.env.CI,
      timeout: 60_000,
    },
    {
      // Builds the sub-path variant into .cache (git-ignored), then previews it under the same base.
      command: `BASE_PATH=${SUBPATH_BASE} npx vite build --outDir .cache/dist-subpath --emptyOutDir --logLevel warn && BASE_PATH=${SUBPATH_BASE} npx vite preview --outDir .cache/dist-subpath --port ${SUBPATH_PORT} --strictPort`,
      url: `http://localhost:${SUBPATH_PORT}${SUBPATH_BASE}`,
      reuseExistingServer: !process.env.CI,
      timeout: 180_000,
    },
  ],
});
