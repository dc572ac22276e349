// Shown instead of the movie page when its code chunk cannot be fetched (offline before the service worker cached it).
export function MoviePageUnavailable() {
  return (
    <p role="alert" className="notice notice-error">
      The movie page could not be loaded: its code is not on this device yet and the network is unreachable. Reload when you are online.
    </p>
  );
}
