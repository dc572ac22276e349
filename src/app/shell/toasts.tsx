// Short confirmations (polite) and failures (alert); a new toast replaces the one of the same tone.
import { useCallback, useState } from 'react';

export type ToastTone = 'info' | 'error';
export type Notify = (message: string, tone?: ToastTone) => void;

interface Toast {
  id: number;
  message: string;
  tone: ToastTone;
}

let nextToastId = 0;

export function useToasts(): { toasts: Toast[]; notify: Notify } {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const notify = useCallback<Notify>((message, tone = 'info') => {
    nextToastId += 1;
    const id = nextToastId;
    setToasts((list) => [...list.filter((t) => t.tone !== tone), { id, message, tone }]);
    setTimeout(() => setToasts((list) => list.filter((t) => t.id !== id)), tone === 'error' ? 15000 : 3000);
  }, []);
  return { toasts, notify };
}

export function Toasts({ toasts }: { toasts: Toast[] }) {
  return (
    <div className="toasts">
      <div aria-live="polite" role="status">
        {toasts
          .filter((t) => t.tone === 'info')
          .map((t) => (
            <p key={t.id} className="toast">
              {t.message}
            </p>
          ))}
      </div>
      <div role="alert">
        {toasts
          .filter((t) => t.tone === 'error')
          .map((t) => (
            <p key={t.id} className="toast toast-error">
              {t.message}
            </p>
          ))}
      </div>
    </div>
  );
}
