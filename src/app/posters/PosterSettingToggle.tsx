// The poster consent switch, shown in About (and offered during onboarding): posters are the app's only third-party request.
import { useId, useState } from 'react';
import { describeStorageError } from '../../storage/repository';
import { usePosterSetting } from './posterSetting';

export function PosterSettingToggle() {
  const { showPosters, loaded, setShowPosters } = usePosterSetting();
  const [error, setError] = useState<string | null>(null);
  const hintId = useId();
  const change = (on: boolean) => {
    setError(null);
    setShowPosters(on).catch((cause: unknown) => setError(`Could not save the setting: ${describeStorageError(cause)}`));
  };
  return (
    <div className="poster-setting">
      <label className="checkbox-field">
        <input type="checkbox" checked={showPosters} disabled={!loaded} aria-describedby={hintId} onChange={(event) => change(event.target.checked)} />
        <span>Show posters (loaded from TMDB)</span>
      </label>
      <p id={hintId} className="field-hint">
        Off by default. When on, your browser asks image.tmdb.org for each poster it shows, so TMDB sees your IP address (never your ratings). Posters already
        seen stay cached for offline use.
      </p>
      {error ? (
        <p role="alert" className="field-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}
