// The "available offline" switch for movie pages, in About next to the poster consent: on, it downloads every movie's
// details in the background (progress below it) and the choice is remembered on this device.
import { useSyncExternalStore } from 'react';
import { formatBytes } from '../format';
import { useServices } from '../services';
import { useBooleanSetting } from '../shared/booleanSetting';
import { SettingToggle } from '../shared/SettingToggle';
import { OFFLINE_DETAILS_SETTING, offlineDetailsDownload, offlineDetailsStatusText } from './offlineDetails';

export function OfflineDetailsToggle() {
  const { bridge } = useServices();
  const setting = useBooleanSetting(OFFLINE_DETAILS_SETTING);
  const download = offlineDetailsDownload(bridge);
  const state = useSyncExternalStore(download.subscribe, download.getState);
  const change = async (on: boolean) => {
    await setting.set(on);
    if (on) void download.start();
    else download.stop();
  };
  const status = setting.on ? offlineDetailsStatusText(state, formatBytes) : '';
  return (
    <SettingToggle
      className="offline-setting"
      label="Make every movie page available offline"
      hint="Off by default: a movie page downloads only its own part of the movie details, and pages you have opened stay available offline. On, all the others download in the background (progress below) and stay on this device. Turning it off stops the download."
      on={setting.on}
      loaded={setting.loaded}
      onChange={change}
    >
      {setting.on && state.phase === 'downloading' ? (
        <progress
          max={state.totalBytes || undefined}
          value={state.totalBytes ? state.loadedBytes : undefined}
          aria-label="Movie pages downloaded for offline use"
        />
      ) : null}
      <p role="status" className="field-hint" data-testid="offline-details-status">
        {state.phase === 'failed' ? '' : status}
      </p>
      {setting.on && state.phase === 'failed' ? (
        <div role="alert" className="field-error">
          <p>{status}</p>
          <button type="button" className="button" onClick={() => void download.start()}>
            Try again
          </button>
        </div>
      ) : null}
    </SettingToggle>
  );
}
