// Banners above the views: what the storage layer says is at risk, a schema upgrade in another tab, an engine restart.
import { useState, useSyncExternalStore } from 'react';
import { storageHealth } from '../../storage/storageHealth';

/** What the storage layer says is at risk (temporary copy, blocked by another tab, data deleted elsewhere), above every view incl. the profile gate. */
export function StorageBanner({ persistent }: { persistent: boolean }) {
  const notices = useSyncExternalStore(storageHealth.subscribe, storageHealth.getSnapshot);
  const [reloading, setReloading] = useState(false);
  if (notices.length === 0) {
    return persistent ? null : (
      <div className="banner banner-warn" role="status">
        This browser window cannot store data (private mode or storage blocked). CineLocal works for this session, but nothing will be kept after you close it.
      </div>
    );
  }
  return (
    <>
      {notices.map((notice) => (
        <div key={notice.kind} className="banner banner-warn" role={notice.kind === 'memory' ? 'status' : 'alert'} data-storage-notice={notice.kind}>
          {notice.message}{' '}
          {notice.action === 'reload' ? (
            <button
              type="button"
              className="button"
              disabled={reloading}
              onClick={() => {
                setReloading(true);
                // Saving must finish first; a failure is shown instead of reloading into missing data.
                void Promise.resolve(notice.beforeReload?.())
                  .then(() => window.location.reload())
                  .catch((error: unknown) => {
                    setReloading(false);
                    storageHealth.report({
                      ...notice,
                      message: `${notice.message} (Saving before the reload failed: ${error instanceof Error ? error.message : String(error)}.)`,
                    });
                  });
              }}
            >
              Reload
            </button>
          ) : null}
        </div>
      ))}
    </>
  );
}

/** A newer CineLocal in another tab upgraded the database schema: this tab must reload to keep working. */
export function UpgradedElsewhereBanner() {
  return (
    <div className="banner banner-warn" role="alert">
      CineLocal was updated in another tab.{' '}
      <button type="button" className="button" onClick={() => window.location.reload()}>
        Reload to continue
      </button>
    </div>
  );
}

export function EngineRestartingBanner() {
  return (
    <div className="banner banner-warn" role="status">
      The recommendation engine stopped responding and is restarting. Your ratings are safe; results will appear in a moment.
    </div>
  );
}
