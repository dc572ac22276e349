// What a lazily loaded view says when it cannot be shown: its code chunk did not load (offline before the service
// worker cached it, or an old tab after a new deploy removed the file), or it threw while rendering.

/** A view's code chunk could not be imported; `reason` is the browser's error. */
export class ViewChunkError extends Error {
  constructor(
    readonly view: string,
    readonly reason: unknown,
  ) {
    super(`The ${view} could not be loaded: ${String((reason as Error)?.message ?? reason)}`);
    this.name = 'ViewChunkError';
  }
}

/** The file named in a failed import's message ("…module: https://x/assets/ImportView-ab12.js" -> "ImportView-ab12.js"). */
export function chunkFileOf(error: unknown): string | null {
  const message = String((error as Error)?.message ?? error ?? '');
  const match = /([\w.-]+\.(?:m?js|css))(?:[?#][^\s"')]*)?(?:["')\s]|$)/.exec(message);
  return match ? match[1] : null;
}

/** One short paragraph for the view's place on the page, naming what failed and what Reload does. */
export function viewLoadErrorText(view: string, error: unknown): string {
  if (error instanceof ViewChunkError) {
    const file = chunkFileOf(error.reason);
    return (
      `The ${view} could not be loaded: its code${file ? ` (${file})` : ''} did not arrive. ` +
      'You may be offline, or CineLocal was updated since this tab opened. Reload to get the current version; the rest of the app still works.'
    );
  }
  const detail = String((error as Error)?.message ?? error ?? '').slice(0, 300) || 'an unknown error';
  return `The ${view} stopped with an error (${detail}). Reload to try again; the rest of the app still works.`;
}

/** Wraps a view's dynamic import so a failure is known to be the chunk's, not the view's code. */
export function loadViewChunk<T>(view: string, load: () => Promise<T>): () => Promise<T> {
  return () =>
    load().catch((cause: unknown) => {
      throw new ViewChunkError(view, cause);
    });
}
