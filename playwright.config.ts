import { defineConfig } from '@playwright/test';
import { HAS_REAL_DATA, REAL_DATA_DIR } from './test/helpers/realData';

// The suite runs against the BUILT site (`npm run build` first; scripts/test-all.sh does it) on the demo catalog.
// A second server previews a BASE_PATH=/cinelocal/ build to prove the site works under a sub-path.
// Real data: when CINELOCAL_REAL_DATA (default ../shared/data/kaggle-movies) holds the Kaggle CSVs, a third server
// serves a copy of dist/ whose data/ is rebuilt from them, and the 'kaggle' project runs test/e2e/realData.spec.ts
// against it; otherwise that spec skips and prints why.
export const SUBPATH_BASE = '/cinelocal/';
// CINELOCAL_E2E_PORT moves the three servers (default 4173–4175), so two checkouts can run their suites side by side.
const APP_PORT = Number(process.env.CINELOCAL_E2E_PORT ?? 4173);
export const SUBPATH_PORT = APP_PORT + 1;
export const REAL_DATA_PORT = APP_PORT + 2;
// Where the real data is looked for, and whether it is there: test/helpers/realData.ts (shared with the Vitest suites).

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
    baseURL: `http://localhost:${APP_PORT}/`,
    browserName: 'chromium',
    viewport: { width: 1100, height: 800 },
    launchOptions: { executablePath: '/usr/bin/chromium', args: chromiumArgs },
    serviceWorkers: 'allow',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    { name: 'demo', testIgnore: /(realData|bigHistory)\.spec\.ts$/ },
    { name: 'kaggle', testMatch: /(realData|bigHistory)\.spec\.ts$/, use: { baseURL: `http://localhost:${REAL_DATA_PORT}/` } },
  ],
  webServer: [
    {
      command: `npx vite preview --port ${APP_PORT} --strictPort`,
      url: `http://localhost:${APP_PORT}/`,
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
    ...(HAS_REAL_DATA
      ? [
          {
            command: `rm -rf .cache/dist-real && cp -r dist .cache/dist-real && rm -rf .cache/dist-real/data && npm run -s build-data -- --data "${REAL_DATA_DIR}" --out .cache/dist-real/data && npx vite preview --outDir .cache/dist-real --port ${REAL_DATA_PORT} --strictPort`,
            url: `http://localhost:${REAL_DATA_PORT}/`,
            reuseExistingServer: !process.env.CI,
            timeout: 600_000,
          },
        ]
      : []),
  ],
});
