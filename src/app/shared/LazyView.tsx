// The one wrapper for lazily loaded views (routes.tsx): the view's own chunk behind Suspense and an error boundary, so
// a chunk that cannot be fetched (or a view that throws) shows what failed and a Reload button in the view's place
// while the header, navigation and every other view keep working.
import { Component, lazy, Suspense, type ComponentType, type ErrorInfo, type ReactNode } from 'react';
import { loadViewChunk, viewLoadErrorText } from './viewLoadError';

interface BoundaryProps {
  view: string;
  children: ReactNode;
}

class ViewBoundary extends Component<BoundaryProps, { error: unknown }> {
  override state = { error: null as unknown };

  static getDerivedStateFromError(error: unknown) {
    return { error };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo) {
    console.error(`CineLocal: the ${this.props.view} failed`, error, info.componentStack);
  }

  override render() {
    if (this.state.error === null) return this.props.children;
    return (
      <div role="alert" className="notice notice-error view-load-error">
        <p>{viewLoadErrorText(this.props.view, this.state.error)}</p>
        <button type="button" className="button" onClick={() => window.location.reload()}>
          Reload
        </button>
      </div>
    );
  }
}

/**
 * A lazily loaded view. `view` names it in messages ("import page"); `load` imports its module and picks the component.
 * Each call makes one chunk boundary: call it once per view, at module level.
 */
export function lazyView<P extends object>(view: string, load: () => Promise<ComponentType<P>>): ComponentType<P> {
  const Lazy = lazy(loadViewChunk(view, () => load().then((component) => ({ default: component }))));
  function LazyView(props: P) {
    return (
      <ViewBoundary view={view}>
        <Suspense fallback={<p className="result-count">Loading the {view}…</p>}>
          <Lazy {...props} />
        </Suspense>
      </ViewBoundary>
    );
  }
  LazyView.displayName = `LazyView(${view})`;
  return LazyView;
}
