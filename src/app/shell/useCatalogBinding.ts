// Binds the active profile to the loaded catalog's id space, and tells the person what a catalog switch set aside.
import { useEffect } from 'react';
import type { EngineStatus } from '../../bridge/engineApi';
import { bindProfileToCatalog, describeCatalogSwitch, idSpaceOf } from '../../storage/catalogBinding';
import { describeStorageError } from '../../storage/repository';
import type { ProfileRecord } from '../../storage/db';
import { useServices } from '../services';
import type { Notify } from './toasts';

export function useCatalogBinding(profile: ProfileRecord, status: EngineStatus | null, notify: Notify): void {
  const { db } = useServices();
  const idSpace = status ? idSpaceOf(status.dataset.kind) : null;
  const bound = profile.idSpace;
  useEffect(() => {
    if (idSpace === null || bound === idSpace) return;
    bindProfileToCatalog(db, profile.id, idSpace).then(
      (change) => {
        const message = change ? describeCatalogSwitch(change) : null;
        if (message) notify(message);
      },
      (error: unknown) => notify(`Could not switch your lists to this catalog: ${describeStorageError(error)}`, 'error'),
    );
  }, [db, profile.id, idSpace, bound, notify]);
}
