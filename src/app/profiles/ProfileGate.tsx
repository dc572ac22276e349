// First visit (or no active profile): pick a name once; existing profiles on this device can be continued.
import { useId, useState, type FormEvent } from 'react';
import type { CineLocalDatabase, ProfileRecord } from '../../storage/db';
import { createProfile, describeStorageError, putSetting, SETTING_KEYS } from '../../storage/repository';
import { ProfileName } from './ProfileName';

export function ProfileGate({ db, profiles }: { db: CineLocalDatabase; profiles: ProfileRecord[] }) {
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const inputId = useId();
  const errorId = useId();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    try {
      await createProfile(db, name);
    } catch (e) {
      setError(describeStorageError(e));
      setBusy(false);
    }
  };

  return (
    <main id="main" className="gate">
      <div className="gate-card">
        <p className="brand brand-large" aria-hidden="true">
          <span className="brand-mark">◐</span> CineLocal
        </p>
        <h1 className="gate-title">Who’s watching?</h1>
        <p className="gate-lede">Pick a name for your ratings. It stays on this device — no account, no server. You can add more profiles later.</p>
        <form onSubmit={(event) => void submit(event)} className="gate-form" noValidate>
          <label htmlFor={inputId}>Your name</label>
          <input
            id={inputId}
            value={name}
            autoFocus
            autoComplete="nickname"
            maxLength={60}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? errorId : undefined}
            onChange={(event) => {
              setName(event.target.value);
              setError(null);
            }}
          />
          {error ? (
            <p id={errorId} role="alert" className="field-error">
              {error}
            </p>
          ) : null}
          <button type="submit" className="button button-primary" disabled={busy}>
            Start rating
          </button>
        </form>
        {profiles.length > 0 ? (
          <div className="gate-existing">
            <h2>Or continue as</h2>
            <ul className="profile-chooser">
              {profiles.map((profile) => (
                <li key={profile.id}>
                  <button type="button" className="button" onClick={() => void putSetting(db, SETTING_KEYS.lastProfileId, profile.id)}>
                    <ProfileName name={profile.name} />
                  </button>
                </li>
              ))}
            </ul>
          </div>
        ) : null}
      </div>
    </main>
  );
}
