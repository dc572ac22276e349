// The moments a page may be gone before its next task: pagehide (reload, close, navigation) and becoming hidden
// (a mobile tab may be discarded without pagehide). Returns the unsubscribe function.
export function onPageLeave(flush: (reason: 'pagehide' | 'hidden') => void): () => void {
  const onVisibility = () => {
    if (document.visibilityState === 'hidden') flush('hidden');
  };
  const onPageHide = () => flush('pagehide');
  window.addEventListener('pagehide', onPageHide);
  document.addEventListener('visibilitychange', onVisibility);
  return () => {
    window.removeEventListener('pagehide', onPageHide);
    document.removeEventListener('visibilitychange', onVisibility);
  };
}
