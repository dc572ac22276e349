// Runs an engine call when `key` changes; drops answers from superseded calls and cancelled searches.
import { useCallback, useEffect, useRef, useState } from 'react';
import { EngineError, toEngineError } from '../../bridge/bridge';

export interface EngineQuery<T> {
  data: T | undefined;
  error: EngineError | null;
  pending: boolean;
  reload(): void;
}

/** `run` is called with the latest closure whenever `key` changes (null key = idle). */
export function useEngineQuery<T>(key: string | null, run: () => Promise<T>): EngineQuery<T> {
  const runRef = useRef(run);
  const [nonce, setNonce] = useState(0);
  const [result, setResult] = useState<{ key: string | null; data: T | undefined; error: EngineError | null }>({ key: null, data: undefined, error: null });
  useEffect(() => {
    runRef.current = run;
  });
  useEffect(() => {
    if (key === null) return;
    let current = true;
    runRef.current().then(
      (data) => {
        if (current) setResult({ key, data, error: null });
      },
      (error: unknown) => {
        const engineError = toEngineError(error);
        if (current && engineError.kind !== 'cancelled') setResult((previous) => ({ key, data: previous.data, error: engineError }));
      },
    );
    return () => {
      current = false;
    };
  }, [key, nonce]);
  const reload = useCallback(() => setNonce((n) => n + 1), []);
  const fresh = result.key === key;
  return { data: result.data, error: fresh ? result.error : null, pending: key !== null && !fresh, reload };
}
