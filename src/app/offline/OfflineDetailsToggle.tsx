// The "available offline" switch for movie pages, in About next to the poster consent: on, it downloads every movie's
// details in the background (progress below it) and the choice is remembered on this device.
import { useId, useState, useSyncExternalStore } from 'react';
import { describeStorageError } from '../../storage/repository';
import { formatBytes } from '../format';
import { useServices } from '../services';
import { useBooleanSetting } from '../shared/booleanSetting';
import { OFFLINE_DETAILS_SETTING, offlineDetailsDownload, offlineDetailsStatusText } from './offlineDetails';

export function OfflineDetailsToggle() {
  const { bridge } = useServices();
  const setting = useBooleanSetting(OFFLINE_DETAILS_SETTING);
  const download = offlineDetailsDownload(bridge);
  const state = useSyncExternalStore(download.subscribe, download.getState);
  const [error, setError] = useState<string | null>(null);
  const hintId = useId();
  const change = (on: boolean) => {
    setError(null);
    setting.set(on).then(
      () => (on ? void download.start() : download.stop()),
      (cause: unknown) => setError(`Could not save the setting: ${describeStorageError(cause)}`),
    );
  };
  const status = setting.on ? offlineDetailsStatusText(state, formatBytes) : '';
  return (
    <div className="offline-setting">
      <label className="checkbox-field">
        <input type="checkbox" checked={setting.on} disabled={!setting.loaded} aria-describedby={hintId} onChange={(event) => change(event.target.checked)} />
        <span>Make every movie page available offline</span>
      </label>
      <p id={hintId} className="field-hint">
        Off by default: a movie page downloads only its own part of the movie details, and pages you have opened stay available offline. On, all the others
        download in the background (progress below) and stay on this device. Turning it off stops the download.
      </p>
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
      {error ? (
        <p role="alert" className="field-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}
