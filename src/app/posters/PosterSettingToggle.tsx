// The poster consent switch, shown in About (and offered during onboarding): posters are the app's only third-party request.
import { SettingToggle } from '../shared/SettingToggle';
import { usePosterSetting } from './posterSetting';

export function PosterSettingToggle() {
  const { showPosters, loaded, setShowPosters } = usePosterSetting();
  return (
    <SettingToggle
      className="poster-setting"
      label="Show posters (loaded from TMDB)"
      hint="Off by default. When on, your browser asks image.tmdb.org for each poster it shows, so TMDB sees your IP address (never your ratings). Posters already seen stay cached for offline use."
      on={showPosters}
      loaded={loaded}
      onChange={setShowPosters}
    />
  );
}
