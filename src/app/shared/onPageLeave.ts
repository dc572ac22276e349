// The moments a page may be gone before its next task: pagehide (reload, close, navigation) and becoming hidden
// (a mobile tab may be discarded without pagehide). Returns the unsubscribe function.
export function onPageLeave(flush: () => void): () => void {
  const onVisibility = () => {
    if (document.visibilityState === 'hidden') flush();
  };
  window.addEventListener('pagehide', flush);
  document.addEventListener('visibilitychange', onVisibility);
  return () => {
    window.removeEventListener('pagehide', flush);
    document.removeEventListener('visibilitychange', onVisibility);
  };
}
