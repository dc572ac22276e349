// Manage profiles on this device: switch, add, rename, delete (with a confirmation step).
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { CineLocalDatabase, ProfileRecord } from '../../storage/db';
import { cleanProfileName } from '../../storage/profileNames';
import { browserJournalStorage, forgetProfilePresses } from '../../storage/pressJournal';
import { createProfile, deleteProfile, describeStorageError, putSetting, renameProfile, SETTING_KEYS } from '../../storage/repository';
import { displayName, isolatedName } from './displayName';
import { ProfileName } from './ProfileName';

export interface ProfileDialogProps {
  db: CineLocalDatabase;
  profiles: ProfileRecord[];
  active: ProfileRecord;
  activeRatingCount: number;
  onClose(): void;
  notify(message: string): void;
}

export function ProfileDialog({ db, profiles, active, activeRatingCount, onClose, notify }: ProfileDialogProps) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const [renameTo, setRenameTo] = useState(() => displayName(active.name));
  const [newName, setNewName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [confirmingDelete, setConfirmingDelete] = useState(false);
  const renameId = useId();
  const newId = useId();

  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);

  const run = async (action: () => Promise<void>, message: string) => {
    setError(null);
    try {
      await action();
      notify(message);
      return true;
    } catch (e) {
      setError(describeStorageError(e));
      return false;
    }
  };

  const onRename = async (event: FormEvent) => {
    event.preventDefault();
    await run(() => renameProfile(db, active.id, renameTo), `Profile renamed to ${isolatedName(cleanProfileName(renameTo))}.`);
  };
  const onCreate = async (event: FormEvent) => {
    event.preventDefault();
    if (await run(async () => void (await createProfile(db, newName)), `Created profile ${isolatedName(cleanProfileName(newName))}.`)) onClose();
  };
  const onDelete = async () => {
    const deleted = async () => {
      await deleteProfile(db, active.id);
      forgetProfilePresses(browserJournalStorage(), active.id);
    };
    if (await run(deleted, `Deleted profile ${isolatedName(active.name)}.`)) onClose();
  };

  return (
    <dialog ref={dialogRef} className="dialog" aria-labelledby="profiles-title" onClose={onClose} onCancel={onClose}>
      <div className="dialog-header">
        <h2 id="profiles-title">Profiles on this device</h2>
        <button type="button" className="icon-button" aria-label="Close profiles" onClick={onClose}>
          <span aria-hidden="true">✕</span>
        </button>
      </div>
      {error ? (
        <p role="alert" className="field-error">
          {error}
        </p>
      ) : null}
      <ul className="profile-list">
        {profiles.map((profile) => (
          <li key={profile.id} className={profile.id === active.id ? 'is-active' : undefined}>
            <ProfileName name={profile.name} className="profile-name" />
            {profile.id === active.id ? (
              <span className="badge">active</span>
            ) : (
              // The row already shows the name: the button says "Switch" (named "Switch to <name>" for assistive tech).
              <button
                type="button"
                className="button button-quiet"
                aria-label={`Switch to ${displayName(profile.name)}`}
                onClick={() =>
                  void run(() => putSetting(db, SETTING_KEYS.lastProfileId, profile.id), `Switched to ${isolatedName(profile.name)}.`).then(
                    (ok) => ok && onClose(),
                  )
                }
              >
                Switch
              </button>
            )}
          </li>
        ))}
      </ul>

      <form className="dialog-section" onSubmit={(event) => void onRename(event)}>
        <label htmlFor={renameId}>
          Rename “<ProfileName name={active.name} />”
        </label>
        <div className="inline-form">
          <input id={renameId} value={renameTo} maxLength={60} onChange={(event) => setRenameTo(event.target.value)} />
          <button type="submit" className="button">
            Rename
          </button>
        </div>
      </form>

      <form className="dialog-section" onSubmit={(event) => void onCreate(event)}>
        <label htmlFor={newId}>New profile name</label>
        <div className="inline-form">
          <input id={newId} value={newName} maxLength={60} onChange={(event) => setNewName(event.target.value)} />
          <button type="submit" className="button">
            Add profile
          </button>
        </div>
      </form>

      <div className="dialog-section danger-zone">
        {confirmingDelete ? (
          <div role="alertdialog" aria-labelledby="confirm-delete-text" className="confirm">
            <p id="confirm-delete-text">
              Delete “<ProfileName name={active.name} />” and {activeRatingCount === 1 ? 'its 1 rating' : `its ${activeRatingCount} ratings`}? This cannot be
              undone. Export your ratings first if you want to keep them.
            </p>
            <div className="inline-form">
              <button type="button" className="button button-danger" onClick={() => void onDelete()}>
                Yes, delete <ProfileName name={active.name} />
              </button>
              <button type="button" className="button" autoFocus onClick={() => setConfirmingDelete(false)}>
                Cancel
              </button>
            </div>
          </div>
        ) : (
          <button type="button" className="button button-danger-quiet" onClick={() => setConfirmingDelete(true)}>
            Delete profile <ProfileName name={active.name} />
          </button>
        )}
      </div>
    </dialog>
  );
}
