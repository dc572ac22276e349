// Shows shard loading as a real progress bar, and a failed/crashed engine as a message with Retry — never a blank page.
import type { BridgeState } from '../../bridge/bridge';
import { formatBytes } from '../format';

export function EngineGate({ state, onRetry }: { state: BridgeState; onRetry(): void }) {
  if (state.phase === 'failed') {
    const crashed = state.error.kind === 'worker-crashed';
    return (
      <div className="engine-panel" role="alert">
        <h2>{crashed ? 'The recommendation engine stopped' : 'The movie catalog could not be loaded'}</h2>
        <p className="engine-error-message">{state.error.message}</p>
        <p className="muted">
          Your profiles and ratings are safe; they are stored separately from the catalog. <a href="#/ratings">My ratings</a> (export, delete) and the profile
          menu work without it.
        </p>
        <button type="button" className="button button-primary" onClick={onRetry}>
          Retry
        </button>
      </div>
    );
  }
  const progress = state.phase === 'loading' ? state.progress : null;
  const restarting = state.phase === 'loading' && state.restarts > 0;
  return (
    <div className="engine-panel" role="status" aria-live="polite">
      <h2>{restarting ? 'Restarting the engine…' : 'Loading the movie catalog…'}</h2>
      <progress
        className="load-progress"
        aria-label="Catalog download"
        max={progress && progress.totalBytes > 0 ? progress.totalBytes : undefined}
        value={progress && progress.totalBytes > 0 ? progress.loadedBytes : undefined}
      />
      <p className="muted">
        {progress && progress.totalBytes > 0
          ? `${formatBytes(progress.loadedBytes)} of ${formatBytes(progress.totalBytes)} · ${progress.file}`
          : restarting
            ? 'It stopped unexpectedly; reloading the catalog.'
            : 'Starting…'}
      </p>
    </div>
  );
}
