// The database changing under this tab: a schema upgrade by a newer tab (reload needed), or a deletion (put back what
// this tab holds, src/storage/recovery.ts).
import { useEffect, useRef, useState } from 'react';
import type { CineLocalDatabase, ProfileRecord } from '../../storage/db';
import type { RatingRecords } from '../../storage/ratingsMirror';
import { restoreAfterDeletion } from '../../storage/recovery';

/** What this tab holds, for putting it back if the database is deleted under it. */
export interface HeldData {
  profiles: ProfileRecord[];
  profile: ProfileRecord;
  ratingRecords: RatingRecords | undefined;
}

/** Returns true once another tab upgraded the schema; restores `held` when the database is deleted. */
export function useDatabaseVersionChange(db: CineLocalDatabase, held: HeldData): boolean {
  const [upgradedElsewhere, setUpgradedElsewhere] = useState(false);
  const heldRef = useRef(held);
  useEffect(() => {
    heldRef.current = held;
  });
  useEffect(() => {
    const onVersionChange = (event: IDBVersionChangeEvent) => {
      // A newer CineLocal in another tab is upgrading the database schema: this tab must reload to keep working.
      if (event.newVersion) return setUpgradedElsewhere(true);
      // newVersion null: the database is being deleted (another tab, devtools). Dexie re-opens it empty on the next
      // access; put back what this tab holds so no acknowledged rating is lost.
      const { profiles, profile: active, ratingRecords } = heldRef.current;
      void restoreAfterDeletion(db, { profiles, ratings: ratingRecords ? [...ratingRecords.toArray()] : [], lastProfileId: active.id }, active.name);
    };
    db.on('versionchange', onVersionChange);
    return () => db.on('versionchange').unsubscribe(onVersionChange);
  }, [db]);
  return upgradedElsewhere;
}
