// A device-wide on/off setting (settings table): one Dexie live query per database and key, shared by every component
// that reads it, so changes in any tab reach them all. Used by "Show posters" and "available offline".
import { useCallback, useSyncExternalStore } from 'react';
import { liveQuery } from 'dexie';
import { getSetting, putSetting } from '../../storage/repository';
import type { CineLocalDatabase } from '../../storage/db';
import { useServices } from '../services';

export interface BooleanSettingStore {
  /** undefined until the stored value has been read. */
  get(): boolean | undefined;
  subscribe(listener: () => void): () => void;
  /** Shows the new value at once (the live query confirms it after the write); a failed write puts the old one back. */
  set(on: boolean): Promise<void>;
}

const stores = new WeakMap<CineLocalDatabase, Map<string, BooleanSettingStore>>();

/** The store of `key` in `db`; anything but a stored `true` reads as off (and an unreadable table as off too). */
export function booleanSettingStore(db: CineLocalDatabase, key: string): BooleanSettingStore {
  const perDb = stores.get(db) ?? new Map<string, BooleanSettingStore>();
  stores.set(db, perDb);
  const existing = perDb.get(key);
  if (existing) return existing;
  let value: boolean | undefined;
  const listeners = new Set<() => void>();
  let subscription: { unsubscribe(): void } | null = null;
  const publish = (next: boolean) => {
    if (next === value) return;
    value = next;
    for (const listener of listeners) listener();
  };
  const store: BooleanSettingStore = {
    get: () => value,
    subscribe(listener) {
      listeners.add(listener);
      subscription ??= liveQuery(() => getSetting<unknown>(db, key, false)).subscribe({
        next: (stored) => publish(stored === true),
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
        await putSetting(db, key, on);
      } catch (error) {
        if (before !== undefined) publish(before);
        throw error;
      }
    },
  };
  perDb.set(key, store);
  return store;
}

export interface BooleanSetting {
  /** False until turned on (and while the stored value is being read). */
  on: boolean;
  /** True once the stored value has been read. */
  loaded: boolean;
  set(on: boolean): Promise<void>;
}

export function useBooleanSetting(key: string): BooleanSetting {
  const { db } = useServices();
  const store = booleanSettingStore(db, key);
  const value = useSyncExternalStore(store.subscribe, store.get);
  const set = useCallback((on: boolean) => store.set(on), [store]);
  return { on: value === true, loaded: value !== undefined, set };
}
