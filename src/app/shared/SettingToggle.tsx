// One on/off setting kept on this device (About, onboarding): a labelled checkbox described by its hint, what the setting
// shows below it (children), and an alert when the choice could not be saved.
import { useId, useState, type ReactNode } from 'react';
import { describeStorageError } from '../../storage/repository';

interface SettingToggleProps {
  /** The wrapper's class (each setting keeps its own, e.g. "poster-setting"). */
  className: string;
  /** The checkbox's visible text, which is also its accessible name. */
  label: string;
  /** What turning it on means; the checkbox's description. */
  hint: ReactNode;
  on: boolean;
  /** False until the stored choice is read: the checkbox is disabled meanwhile. */
  loaded: boolean;
  /** Saves the choice; a rejection shows "Could not save the setting: …". */
  onChange(on: boolean): Promise<void>;
  children?: ReactNode;
}

export function SettingToggle({ className, label, hint, on, loaded, onChange, children }: SettingToggleProps) {
  const [error, setError] = useState<string | null>(null);
  const hintId = useId();
  const change = (next: boolean) => {
    setError(null);
    onChange(next).catch((cause: unknown) => setError(`Could not save the setting: ${describeStorageError(cause)}`));
  };
  return (
    <div className={className}>
      <label className="checkbox-field">
        <input type="checkbox" checked={on} disabled={!loaded} aria-describedby={hintId} onChange={(event) => change(event.target.checked)} />
        <span>{label}</span>
      </label>
      <p id={hintId} className="field-hint">
        {hint}
      </p>
      {children}
      {error ? (
        <p role="alert" className="field-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}
