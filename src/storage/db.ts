// The device-local database: profiles, their ratings (the source of truth), derived user vectors and settings.
// The schema and the Dexie class are in schema.ts (re-exported here); this file opens the database, falling back to memory.
import type { Table } from 'dexie';
import { CineLocalDatabase, DATABASE_NAME, type DatabaseDependencies } from './schema';
import { mergeSnapshot, readSnapshot } from './recovery';
import { storageHealth, type StorageHealthStore } from './storageHealth';

export * from './schema';

export interface OpenedDatabase {
  db: CineLocalDatabase;
  /** False when IndexedDB is unavailable (private mode, blocked storage): data lives in memory for this session only. */
  persistent: boolean;
  /** Why the database is not persistent, for the banner. */
  reason: string | null;
}

export interface OpenDatabaseOptions {
  /** Another IndexedDB implementation (tests: fake-indexeddb); default: the browser's. */
  dependencies?: DatabaseDependencies;
  /** How long an open blocked by another tab may wait before the app starts on a temporary copy. */
  blockedGraceMs?: number;
  /** Where notices for the person go (default: the page's storageHealth). */
  health?: StorageHealthStore;
  /** How long an open that neither succeeds, fails nor reports "blocked" may take before the app starts on a temporary copy. */
  openTimeoutMs?: number;
}

export const BLOCKED_GRACE_MS = 1500;
/** A healthy open takes milliseconds; a broken or hung IndexedDB never answers ("Starting CineLocal…" forever). */
export const OPEN_TIMEOUT_MS = 10_000;

/** The in-memory twin used in private mode and while another tab blocks the real database (fake-indexeddb, loaded lazily). */
async function openMemoryDatabase(name: string): Promise<CineLocalDatabase> {
  const memory = await import('fake-indexeddb');
  const db = new CineLocalDatabase(name, { indexedDB: new memory.IDBFactory(), IDBKeyRange: memory.IDBKeyRange });
  await db.open();
  return db;
}

/** What IndexedDB's error names mean for the person (the raw name or message alone, e.g. "blocked", says nothing). */
const OPEN_ERRORS: Record<string, string> = {
  SecurityError: 'the browser does not let this site store data (privacy settings, or the page is sandboxed)',
  InvalidStateError: 'the browser refuses storage in this window (private browsing)',
  QuotaExceededError: 'there is no space left for this site on this device',
  VersionError: 'the saved data was made by a newer version of CineLocal',
  UnknownError: 'the browser’s storage failed (restarting the browser can help)',
  AbortError: 'opening the database was cancelled',
  NotFoundError: 'the database disappeared while it was being opened',
  blocked: 'another CineLocal tab kept the database from opening',
  TimeoutError: 'the browser’s database did not answer',
};

/** An IndexedDB failure in words, with the browser's own name and message after it (never the bare word). */
export function describeError(error: unknown): string {
  const e = error as { name?: unknown; message?: unknown; inner?: { name?: unknown; message?: unknown } } | null;
  const raw = (value: unknown) => (typeof value === 'string' ? value.trim().replace(/[.\s]+$/, '') : '');
  const name = raw(e?.inner?.name) || raw(e?.name);
  const message = raw(e?.inner?.message) || raw(e?.message) || (typeof error === 'string' ? raw(error) : '');
  const meaning = OPEN_ERRORS[name] ?? OPEN_ERRORS[message] ?? Object.entries(OPEN_ERRORS).find(([key]) => key.toLowerCase() === message.toLowerCase())?.[1];
  const detail = [name && name !== 'Error' ? name : '', message && message !== name ? message : ''].filter(Boolean).join(': ').slice(0, 200);
  if (meaning) return detail ? `${meaning} (${detail})` : meaning;
  return detail ? `the browser reported “${detail}”` : 'the browser gave no reason';
}

/**
 * Opens the IndexedDB database, or an in-memory one when IndexedDB cannot be opened (private mode) or another tab
 * holding an older version blocks the upgrade for longer than `blockedGraceMs`. In the blocked case the real open keeps
 * waiting; when it succeeds, everything rated on the temporary copy is merged into it and the person is asked to reload.
 */
export async function openCineLocalDatabase(name: string = DATABASE_NAME, options: OpenDatabaseOptions = {}): Promise<OpenedDatabase> {
  const health = options.health ?? storageHealth;
  const available = options.dependencies !== undefined || typeof indexedDB !== 'undefined';
  let reason = 'IndexedDB is not available in this browser window.';
  if (available) {
    const db = new CineLocalDatabase(name, options.dependencies);
    let signalBlocked: () => void = () => undefined;
    const blocked = new Promise<'blocked'>((resolve) => {
      signalBlocked = () => resolve('blocked');
    });
    db.on('blocked', () => signalBlocked());
    const opening = db.open().then(
      () => 'open' as const,
      (error: unknown) => ({ error }),
    );
    const timeoutMs = options.openTimeoutMs ?? OPEN_TIMEOUT_MS;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    let outcome = await Promise.race([opening, blocked, timedOut]);
    clearTimeout(timer);
    if (outcome === 'timeout')
      return startOnTemporaryCopy(
        name,
        db,
        opening,
        health,
        `The browser’s database did not answer within ${Math.round(timeoutMs / 1000)} s (it may be busy or damaged), so your saved profiles and ratings cannot be opened here yet.`,
      );
    if (outcome === 'blocked') {
      // Another tab may still close its connection in its versionchange handler: give it a moment.
      const grace = options.blockedGraceMs ?? BLOCKED_GRACE_MS;
      outcome = await Promise.race([opening, new Promise<'blocked'>((resolve) => setTimeout(() => resolve('blocked'), grace))]);
    }
    if (outcome === 'open') return { db, persistent: true, reason: null };
    if (outcome === 'blocked') return startOnTemporaryCopy(name, db, opening, health, BLOCKED_REASON);
    db.close();
    reason = `IndexedDB could not be opened: ${describeError(outcome.error)}`;
  }
  const db = await openMemoryDatabase(name);
  health.report({
    kind: 'memory',
    message: `This browser window cannot store data (private mode or storage blocked; ${reason.replace(/\.$/, '')}). CineLocal works for this session, but nothing will be kept after you close it: export your ratings before closing.`,
    action: null,
  });
  return { db, persistent: false, reason };
}

const BLOCKED_REASON = 'Another CineLocal tab (an older version of the app) keeps the database open, so your saved profiles and ratings cannot be opened here.';

/** Blocked by another tab, or no answer at all: run on memory now, save the temporary copy into the real database once it opens. */
async function startOnTemporaryCopy(
  name: string,
  real: CineLocalDatabase,
  opening: Promise<'open' | { error: unknown }>,
  health: StorageHealthStore,
  reason: string,
): Promise<OpenedDatabase> {
  const memory = await openMemoryDatabase(name);
  health.report({
    kind: 'blocked',
    message: `${reason} ${reason === BLOCKED_REASON ? 'Close or reload that tab. Until then this tab works on a temporary copy: your earlier ratings are not shown, and ratings you make here are saved as soon as the other tab lets go — do not close this tab before that.' : 'Meanwhile CineLocal works for this session only: your earlier ratings are not shown, and ratings you make here are saved if the database answers later; export them before closing this tab, or reload to try again.'}`,
    action: null,
  });
  const saveTemporaryCopy = async () => mergeSnapshot(real, await readSnapshot(memory));
  void opening.then(async (outcome) => {
    if (outcome !== 'open') {
      health.report({
        kind: 'blocked',
        message: `${reason} Opening it failed (${describeError(outcome.error)}); ratings made in this tab are kept only until it closes.`,
        action: null,
      });
      return;
    }
    try {
      const merged = await saveTemporaryCopy();
      health.clear('blocked');
      health.report({
        kind: 'reconnected',
        message:
          merged.ratingsWritten === 0
            ? 'Your saved ratings can be opened again. Reload to continue with them.'
            : `Your saved ratings can be opened again, and the ${merged.ratingsWritten} ${merged.ratingsWritten === 1 ? 'rating' : 'ratings'} made in this tab meanwhile ${merged.ratingsWritten === 1 ? 'was' : 'were'} saved. Reload to continue with everything.`,
        action: 'reload',
        // Ratings made after the first save are saved again right before the reload.
        beforeReload: async () => void (await saveTemporaryCopy()),
      });
      // From now on every change on the temporary copy is saved too (closing the tab instead of reloading loses nothing).
      let saveScheduled = false;
      const saveSoon = (): undefined => {
        if (saveScheduled) return undefined;
        saveScheduled = true;
        // The merge's read transaction queues behind the write that triggered this hook, so it sees it committed.
        setTimeout(() => {
          saveScheduled = false;
          void saveTemporaryCopy().catch(() => undefined);
        }, 50);
        return undefined;
      };
      for (const table of [memory.profiles, memory.ratings, memory.watchlist, memory.hidden] as Table[]) {
        table.hook('creating', saveSoon);
        table.hook('updating', saveSoon);
      }
    } catch (error) {
      health.report({
        kind: 'blocked',
        message: `${reason} Saving the temporary copy failed (${describeError(error)}); keep this tab open and export your ratings.`,
        action: null,
      });
    }
  });
  return { db: memory, persistent: false, reason };
}
