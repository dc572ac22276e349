// What the storage layer wants the person to know (temporary copy, blocked by another tab, data deleted elsewhere): a tiny external store the UI subscribes to.

export type StorageNoticeKind = 'memory' | 'blocked' | 'reconnected' | 'deleted';

export interface StorageNotice {
  kind: StorageNoticeKind;
  /** Written for a person: what happened and what is at risk. */
  message: string;
  /** 'reload': the banner offers a Reload button that first runs `beforeReload`. */
  action: 'reload' | null;
  /** Work that must finish before the page reloads (e.g. saving a temporary copy). */
  beforeReload?: () => Promise<void>;
}

export interface StorageHealthStore {
  getSnapshot(): readonly StorageNotice[];
  subscribe(listener: () => void): () => void;
  /** Adds a notice, replacing any earlier notice of the same kind. */
  report(notice: StorageNotice): void;
  clear(kind: StorageNoticeKind): void;
}

export function createStorageHealthStore(): StorageHealthStore {
  let notices: readonly StorageNotice[] = [];
  const listeners = new Set<() => void>();
  const publish = (next: readonly StorageNotice[]) => {
    notices = next;
    for (const listener of listeners) listener();
  };
  return {
    getSnapshot: () => notices,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    report: (notice) => publish([...notices.filter((n) => n.kind !== notice.kind), notice]),
    clear: (kind) => {
      if (notices.some((n) => n.kind === kind)) publish(notices.filter((n) => n.kind !== kind));
    },
  };
}

/** The page's one store: openCineLocalDatabase and the app shell report here, the banner reads it. */
export const storageHealth: StorageHealthStore = createStorageHealthStore();
