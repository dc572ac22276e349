// The alert every engine-backed list shows when its query fails: what failed, why, and a retry.
interface QueryErrorProps {
  what: string;
  error: Error | null | undefined;
  onRetry: () => void;
}

export function QueryError({ what, error, onRetry }: QueryErrorProps) {
  if (!error) return null;
  return (
    <div role="alert" className="notice notice-error">
      {what} failed: {error.message}{' '}
      <button type="button" className="button" onClick={onRetry}>
        Try again
      </button>
    </div>
  );
}
