import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';
import { MANIFEST_SCREENSHOTS } from './src/app/pwa/manifestScreenshots';

// Deploy under a sub-path (GitHub Pages: BASE_PATH=/<repo>/ npm run build); must start and end with '/'.
const base = normalizeBase(process.env.BASE_PATH);

/**
 * No inline script; wasm for the tfjs backend, blob: workers for tfjs internals. The one third-party origin is TMDB's
 * image CDN, for images only, and only once the person turns posters on (About). connect-src stays 'self': the service
 * worker that caches posters is not governed by this page's policy (test/e2e/moviePage.spec.ts checks it caches them).
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self' blob:",
  "img-src 'self' data: blob: https://image.tmdb.org",
  "style-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

function normalizeBase(value: string | undefined): string {
  if (!value) return '/';
  return `/${value.replace(/^\/+|\/+$/g, '')}/`.replace(/^\/\/$/, '/');
}

/** The CSP meta goes in at build time only: the dev server injects inline styles for hot reload. */
function contentSecurityPolicy(): Plugin {
  return {
    name: 'cinelocal-content-security-policy',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler: (html) =>
        html.replace(
          '<meta charset="UTF-8" />',
          `<meta charset="UTF-8" />\n    <meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}" />`,
        ),
    },
  };
}

/** The build's output folder, as Vite resolved it (`--outDir` included): the precache integrity reads the shards there. */
let resolvedOutDir = path.resolve('dist');
function trackOutDir(): Plugin {
  return {
    name: 'cinelocal-out-dir',
    apply: 'build',
    configResolved(config) {
      resolvedOutDir = path.resolve(config.root, config.build.outDir);
    },
  };
}

/**
 * Subresource integrity (sha384) on the precache entries of the catalog (data/manifest.json and the shards). Workbox
 * then fetches them with `integrity`: a shard served wrong while the service worker installs (an HTML page with status
 * 200, a truncated file) fails the install instead of being precached for good, and after the app evicts a shard that
 * failed its check, the network copy is checked and put back into the precache (offline works again) — see
 * docs/security.md, "A bad shard is not kept".
 */
function shardIntegrity<E extends { url: string; integrity?: string }>(entries: E[]): Promise<{ manifest: E[]; warnings: string[] }> {
  const manifest = entries.map((entry): E =>
    /^data\//.test(entry.url)
      ? {
          ...entry,
          integrity: `sha384-${createHash('sha384')
            .update(readFileSync(path.join(resolvedOutDir, entry.url)))
            .digest('base64')}`,
        }
      : entry,
  );
  return Promise.resolve({ manifest, warnings: [] });
}

export default defineConfig({
  base,
  plugins: [
    react(),
    contentSecurityPolicy(),
    trackOutDir(),
    VitePWA({
      registerType: 'prompt',
      injectRegister: false,
      includeAssets: ['favicon.svg', 'icons/*.png'],
      manifest: {
        name: 'CineLocal',
        short_name: 'CineLocal',
        description: 'A movie recommender that runs entirely in your browser. Your ratings stay on your device.',
        theme_color: '#c2410c',
        background_color: '#121214',
        display: 'standalone',
        start_url: '.',
        scope: '.',
        icons: [
          { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: 'icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
          { src: 'favicon.svg', sizes: 'any', type: 'image/svg+xml' },
        ],
        // Phone and desktop screenshots for the install dialog (scripts/pwa-screenshots.ts makes them).
        screenshots: MANIFEST_SCREENSHOTS,
      },
      workbox: {
        // The app shell AND the catalog shards: the whole app must work offline after the first visit.
        globPatterns: ['**/*.{js,css,html,svg,png,ico,webmanifest,json,bin,wasm}'],
        // The movie pages' chunks, the import's IMDb ids and describe search's shard are fetched on first use only (cached
        // then, below), never at install.
        globIgnores: ['**/node_modules/**', '**/data/details-*.bin', '**/data/imdb.bin', '**/data/describe.bin'],
        maximumFileSizeToCacheInBytes: 200 * 1024 * 1024,
        navigateFallback: 'index.html',
        cleanupOutdatedCaches: true,
        manifestTransforms: [shardIntegrity],
        runtimeCaching: [
          {
            // The details chunks, imdb.bin and describe.bin: cached on first use so a movie page seen (or every page,
            // with "available offline"), the import and describe search work offline; a copy that fails the worker's
            // manifest check is evicted from every cache like any shard (workers/shardCache.ts).
            urlPattern: /\/data\/(?:details-\d+|imdb|describe)\.bin(?:\?.*)?$/,
            handler: 'CacheFirst',
            options: { cacheName: 'cinelocal-details', cacheableResponse: { statuses: [200] } },
          },
          {
            // Posters (only requested when the person turned them on): opaque no-cors responses included (status 0).
            urlPattern: /^https:\/\/image\.tmdb\.org\/t\/p\//,
            handler: 'CacheFirst',
            options: {
              cacheName: 'tmdb-posters',
              expiration: { maxEntries: 2000, maxAgeSeconds: 30 * 24 * 60 * 60, purgeOnQuotaError: true },
              cacheableResponse: { statuses: [0, 200] },
            },
          },
        ],
      },
    }),
  ],
  worker: {
    format: 'es',
  },
  optimizeDeps: {
    // The dependency scan starts from index.html and does not follow `new Worker(new URL(...))`, so without this the
    // dev server discovers the engine worker's dependencies on first load, re-bundles them and reloads the page
    // (mid-typing). Keep in step with what workers/ and src/engine import (tfjs is imported lazily by the worker).
    include: ['comlink', '@leeoniya/ufuzzy', '@tensorflow/tfjs', '@tensorflow/tfjs-backend-wasm', '@tensorflow/tfjs-backend-webgpu'],
  },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 2500,
  },
  server: { port: 5173 },
  preview: { port: 4173 },
});
