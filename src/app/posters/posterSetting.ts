// The "Show posters" consent: a device-wide setting (settings table, key showPosters, default off). Every movie row reads
// it, so one Dexie live query per database is shared by all of them instead of one per row.
import { useCallback, useSyncExternalStore } from 'react';
import { liveQuery } from 'dexie';
import { getSetting, putSetting } from '../../storage/repository';
import type { CineLocalDatabase } from '../../storage/db';
import { useServices } from '../services';

export const SHOW_POSTERS_SETTING = 'showPosters';

interface PosterSettingStore {
  /** undefined until the stored value has been read. */
  get(): boolean | undefined;
  subscribe(listener: () => void): () => void;
  /** Shows the new value at once (the live query confirms it after the write); a failed write puts the old one back. */
  set(on: boolean): Promise<void>;
}

const stores = new WeakMap<CineLocalDatabase, PosterSettingStore>();

function posterSettingStore(db: CineLocalDatabase): PosterSettingStore {
  const existing = stores.get(db);
  if (existing) return existing;
  let value: boolean | undefined;
  const listeners = new Set<() => void>();
  let subscription: { unsubscribe(): void } | null = null;
  const publish = (next: boolean) => {
    if (next === value) return;
    value = next;
    for (const listener of listeners) listener();
  };
  const store: PosterSettingStore = {
    get: () => value,
    subscribe(listener) {
      listeners.add(listener);
      subscription ??= liveQuery(() => getSetting<unknown>(db, SHOW_POSTERS_SETTING, false)).subscribe({
        next: (stored) => publish(stored === true),
        // Settings unreadable (database gone): no posters, the consent default.
        error: () => publish(false),
      });
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) {
          subscription?.unsubscribe();
          subscription = null;
        }
      };
    },
    async set(on) {
      const before = value;
      publish(on);
      try {
        await putSetting(db, SHOW_POSTERS_SETTING, on);
      } catch (error) {
        if (before !== undefined) publish(before);
        throw error;
      }
    },
  };
  stores.set(db, store);
  return store;
}

export interface PosterSetting {
  /** False until turned on (and while the stored value is being read). */
  showPosters: boolean;
  /** True once the stored value has been read. */
  loaded: boolean;
  setShowPosters(on: boolean): Promise<void>;
}

/** The poster consent of this device; changes in any tab reach every row (Dexie live query). */
export function usePosterSetting(): PosterSetting {
  const { db } = useServices();
  const store = posterSettingStore(db);
  const value = useSyncExternalStore(store.subscribe, store.get);
  const setShowPosters = useCallback((on: boolean) => store.set(on), [store]);
  return { showPosters: value === true, loaded: value !== undefined, setShowPosters };
}
