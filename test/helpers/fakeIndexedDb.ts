// The storage tests' database fixture: a fresh, empty fake-indexeddb before every test, and the catalog lookup setRating
// and imports check ids against.
import { beforeEach } from 'vitest';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { CineLocalDatabase, type DatabaseDependencies } from '../../src/storage/db';

export interface FakeIndexedDb {
  /** This test's IndexedDB (replaced by an empty one before each test). */
  readonly factory: IDBFactory;
  /** What `openCineLocalDatabase` / `new Dexie(...)` take to use it. */
  dependencies(): DatabaseDependencies & { indexedDB: IDBFactory; IDBKeyRange: typeof IDBKeyRange };
  /** A CineLocal database on it (not opened yet; Dexie opens on first use). */
  openDb(name?: string): CineLocalDatabase;
}

/** Call once at the top level of a test file. */
export function useFakeIndexedDb(defaultName = 'test-db'): FakeIndexedDb {
  let factory = new IDBFactory();
  beforeEach(() => {
    factory = new IDBFactory();
  });
  const dependencies = () => ({ indexedDB: factory, IDBKeyRange });
  return {
    get factory() {
      return factory;
    },
    dependencies,
    openDb: (name = defaultName) => new CineLocalDatabase(name, dependencies()),
  };
}

/** A `KnownMovieLookup` for a catalog of exactly these ids. */
export function knownMoviesOf(ids: Iterable<number>): (ids: number[]) => Promise<number[]> {
  const catalog = new Set(ids);
  return async (asked) => asked.filter((id) => catalog.has(id));
}
