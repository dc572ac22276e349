// App-wide: with "available offline" on (remembered on this device), the download resumes a few seconds after the engine
// is ready, so it never competes with the first screen; turned off anywhere, it stops.
import { useEffect, useSyncExternalStore } from 'react';
import { useServices } from '../services';
import { useBooleanSetting } from '../shared/booleanSetting';
import { OFFLINE_DETAILS_SETTING, offlineDetailsDownload } from './offlineDetails';

/** How long after "engine ready" a remembered download starts. */
const START_DELAY_MS = 3000;

export function useOfflineDetailsSync(): void {
  const { bridge } = useServices();
  const setting = useBooleanSetting(OFFLINE_DETAILS_SETTING);
  const ready = useSyncExternalStore(bridge.subscribe, () => bridge.getState().phase === 'ready');
  useEffect(() => {
    if (!setting.loaded) return;
    const download = offlineDetailsDownload(bridge);
    if (!setting.on) {
      if (download.getState().phase !== 'off') download.stop();
      return;
    }
    if (!ready) return;
    const timer = setTimeout(() => void download.start(), START_DELAY_MS);
    return () => clearTimeout(timer);
  }, [bridge, setting.loaded, setting.on, ready]);
}
