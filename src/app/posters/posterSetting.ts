// The "Show posters" consent: a device-wide setting (settings table, key showPosters, default off). Every movie row reads
// it through one shared Dexie live query (src/app/shared/booleanSetting.ts) instead of one per row.
import { useBooleanSetting } from '../shared/booleanSetting';

export const SHOW_POSTERS_SETTING = 'showPosters';

export interface PosterSetting {
  /** False until turned on (and while the stored value is being read). */
  showPosters: boolean;
  /** True once the stored value has been read. */
  loaded: boolean;
  setShowPosters(on: boolean): Promise<void>;
}

/** The poster consent of this device; changes in any tab reach every row (Dexie live query). */
export function usePosterSetting(): PosterSetting {
  const { on, loaded, set } = useBooleanSetting(SHOW_POSTERS_SETTING);
  return { showPosters: on, loaded, setShowPosters: set };
}
