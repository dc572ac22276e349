// The PWA manifest's screenshots (shown by install dialogs, mostly on phones): made from the synthetic demo catalog by
// scripts/pwa-screenshots.ts into public/screenshots/, read by vite.config.ts. JPEG: not in the service worker's
// precache globs, so installing the app offline does not download them.

export interface ManifestScreenshot {
  src: string;
  /** Pixels, "WxH": the CSS viewport times `scale`. */
  sizes: string;
  type: 'image/jpeg';
  form_factor: 'narrow' | 'wide';
  /** The image's text alternative (install dialogs read it). */
  label: string;
}

export interface ScreenshotShot extends ManifestScreenshot {
  /** The view shot (hash route). */
  route: string;
  viewport: { width: number; height: number };
  scale: number;
}

/** Pixel 7 (412×915 CSS px) at 2× and a 1280×800 laptop window. */
const PHONE = { viewport: { width: 412, height: 915 }, scale: 2, form_factor: 'narrow' as const };
const LAPTOP = { viewport: { width: 1280, height: 800 }, scale: 1, form_factor: 'wide' as const };

function shot(name: string, device: typeof PHONE | typeof LAPTOP, route: string, label: string): ScreenshotShot {
  const { viewport, scale, form_factor } = device;
  return {
    src: `screenshots/${name}.jpg`,
    sizes: `${viewport.width * scale}x${viewport.height * scale}`,
    type: 'image/jpeg',
    form_factor,
    label,
    route,
    viewport,
    scale,
  };
}

export const SCREENSHOT_SHOTS: ScreenshotShot[] = [
  shot('welcome-narrow', PHONE, '#/welcome', 'Rate your way in: well-known movies to rate with stars, and your progress'),
  shot('search-narrow', PHONE, '#/search?q=clockmaker', 'Search as you type: rate a movie, put it on your watchlist, or ask for more like it'),
  shot('for-you-narrow', PHONE, '#/for-you', 'For you: personal picks with a predicted rating and the reason for each'),
  shot('for-you-wide', LAPTOP, '#/for-you', 'For you: personal picks with a predicted rating and the reason for each'),
  shot('search-wide', LAPTOP, '#/search?q=clockmaker', 'Search as you type: rate a movie, put it on your watchlist, or ask for more like it'),
];

/** What goes in the web app manifest. */
export const MANIFEST_SCREENSHOTS: ManifestScreenshot[] = SCREENSHOT_SHOTS.map(({ src, sizes, type, form_factor, label }) => ({
  src,
  sizes,
  type,
  form_factor,
  label,
}));
