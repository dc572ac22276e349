// Service worker registration (registerType 'prompt'): offer "New version available — Reload" instead of swapping silently.
/// <reference types="vite-plugin-pwa/react" />
import { useRegisterSW } from 'virtual:pwa-register/react';

export function UpdatePrompt() {
  const {
    needRefresh: [needRefresh, setNeedRefresh],
    offlineReady: [offlineReady, setOfflineReady],
    updateServiceWorker,
  } = useRegisterSW();

  if (needRefresh) {
    return (
      <div className="toast toast-update" role="status">
        <span>New version available.</span>
        <button type="button" className="button button-primary" onClick={() => void updateServiceWorker(true)}>
          Reload
        </button>
        <button type="button" className="button button-quiet" onClick={() => setNeedRefresh(false)}>
          Later
        </button>
      </div>
    );
  }
  if (offlineReady) {
    return (
      <div className="toast" role="status">
        <span>CineLocal now works offline.</span>
        <button type="button" className="button button-quiet" onClick={() => setOfflineReady(false)}>
          OK
        </button>
      </div>
    );
  }
  return null;
}
