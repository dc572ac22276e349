// Posters and the consent to load them (About, onboarding, movie rows and the movie page use these).
export { SHOW_POSTERS_SETTING, usePosterSetting, type PosterSetting } from './posterSetting';
export { PosterSettingToggle } from './PosterSettingToggle';
export { Poster, RowPoster, posterUrl, posterPathOf, rememberPosterPath, type PosterSize } from './Poster';
