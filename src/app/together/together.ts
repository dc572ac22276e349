// Watch together (#/together?with=<id>,<id>&genre=…&decade=…&length=…&rated=1): the address, reading the members from
// storage, and the words each pick shows. Plain functions; TogetherView only renders and dispatches.
import { LENGTH_MOODS } from '../../engine/group';
import type { GroupMemberInput, GroupPick, LengthMood } from '../../engine/types';
import type { CineLocalDatabase, ProfileRecord } from '../../storage/db';
import { readProfileRatingsInPages } from '../../storage/chunked';
import { getHidden } from '../../storage/movieLists';
import { displayName } from '../profiles/displayName';

export const MIN_GROUP = 2;
export const MAX_GROUP = 6;
const MAX_ID_LENGTH = 100;

export interface TogetherRoute {
  /** Profile ids, in the order picked (at most MAX_GROUP, no repeats). */
  members: string[];
  genre: string | null;
  decade: number | null;
  /** Only movies of this length (runtimes.bin; movies of unknown runtime are left out). */
  length: LengthMood | null;
  /** List movies a member has already rated too. */
  includeRated: boolean;
}

export const DEFAULT_TOGETHER_ROUTE: TogetherRoute = { members: [], genre: null, decade: null, length: null, includeRated: false };

/** Read leniently, as Explore's address: a value that does not parse is left out. */
export function parseTogetherParams(search: string): TogetherRoute {
  const params = new URLSearchParams(search);
  const ids = (params.get('with') ?? '')
    .split(',')
    .map((id) => id.trim())
    .filter((id) => id.length > 0 && id.length <= MAX_ID_LENGTH);
  const genre = params.get('genre')?.trim() ?? '';
  const decade = params.get('decade') ?? '';
  const length = params.get('length') ?? '';
  return {
    members: [...new Set(ids)].slice(0, MAX_GROUP),
    genre: genre.length > 0 && genre.length <= 100 ? genre : null,
    decade: /^(18|19|20)[0-9]0$/.test(decade) ? Number(decade) : null,
    length: parseLength(length),
    includeRated: params.get('rated') === '1',
  };
}

/** The query string (without "?"), defaults left out. */
export function togetherSearch(route: TogetherRoute): string {
  const params = new URLSearchParams();
  if (route.members.length > 0) params.set('with', route.members.join(','));
  if (route.genre) params.set('genre', route.genre);
  if (route.decade !== null) params.set('decade', String(route.decade));
  if (route.length) params.set('length', route.length);
  if (route.includeRated) params.set('rated', '1');
  return params.toString().replace(/%2C/g, ',');
}

/** Ticking a profile adds it (up to MAX_GROUP), unticking removes it; the order picked is kept. */
export function toggleMember(members: string[], id: string, on: boolean): string[] {
  if (!on) return members.filter((m) => m !== id);
  if (members.includes(id) || members.length >= MAX_GROUP) return members;
  return [...members, id];
}

/** "Ada", "Ada and Ben", "Ada, Ben and Cy": how the group is named in the button and the list. */
export function groupName(names: string[]): string {
  const shown = names.map(displayName);
  if (shown.length <= 1) return shown[0] ?? '';
  return `${shown.slice(0, -1).join(', ')} and ${shown.at(-1)}`;
}

/** The picked profiles that still exist, in the order picked (a deleted profile drops out of the address's list). */
export function pickedProfiles(profiles: ProfileRecord[], members: string[]): ProfileRecord[] {
  const byId = new Map(profiles.map((p) => [p.id, p]));
  return members.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : []));
}

/** What stops the list, in words, or null when the group can be recommended for. */
export function groupProblem(picked: number): string | null {
  if (picked < MIN_GROUP) return `Pick at least ${MIN_GROUP} profiles (${MIN_GROUP - picked} more).`;
  if (picked > MAX_GROUP) return `Pick at most ${MAX_GROUP} profiles.`;
  return null;
}

/** Each member as the engine needs them: every rating and every hidden ("not interested") movie, read from storage. */
export async function readGroupMembers(db: CineLocalDatabase, profiles: ProfileRecord[]): Promise<GroupMemberInput[]> {
  return Promise.all(
    profiles.map(async (profile) => ({
      name: displayName(profile.name),
      ratings: (await readProfileRatingsInPages(db, profile.id)).map((r) => ({ movieId: r.movieId, rating: r.rating })),
      hiddenIds: (await getHidden(db, profile.id)).map((h) => h.movieId),
    })),
  );
}

/** The chips under a pick: whom it suits, then per member their predicted ★ and the movie of theirs behind it. */
export function pickChips(pick: GroupPick): string[] {
  const suited = pick.members.filter((m) => m.suits).map((m) => m.name);
  const chips = [
    suited.length === pick.members.length
      ? 'suits everyone'
      : suited.length > 0
        ? `suits ${groupName(suited)}`
        : 'a compromise: nobody’s favourite, nobody’s miss',
  ];
  for (const member of pick.members) {
    const predicted = member.predictedRating === null ? `${member.name}: no ratings yet` : `${member.name} ${member.predictedRating.toFixed(1)}★`;
    chips.push(member.becauseTheyRated ? `${predicted} · rated ${member.becauseTheyRated}` : predicted);
  }
  return chips;
}

/** A length mood from the address or the form ("" or anything else: none). */
export function parseLength(value: string): LengthMood | null {
  return Object.hasOwn(LENGTH_MOODS, value) ? (value as LengthMood) : null;
}

/** The length mood's choices, worded from the bounds the engine filters by. */
export const LENGTH_CHOICES: { value: LengthMood; label: string }[] = [
  { value: 'short', label: `Short (under ${LENGTH_MOODS.short.max + 1} min)` },
  { value: 'standard', label: `Standard (${LENGTH_MOODS.standard.min}–${LENGTH_MOODS.standard.max} min)` },
  { value: 'long', label: `Long (over ${LENGTH_MOODS.long.min - 1} min)` },
];

/** What a length mood left out for want of a runtime, or null when nothing was. */
export function unknownRuntimeNote(count: number): string | null {
  if (count <= 0) return null;
  return `${count.toLocaleString('en')} ${count === 1 ? 'movie has' : 'movies have'} no known runtime and ${count === 1 ? 'is' : 'are'} left out under a length mood.`;
}

/** Each member's rating counter: the list records it, so the page can say when ratings changed since (here or in another tab). */
export function ratingsStamp(profiles: ProfileRecord[]): string {
  return profiles.map((p) => `${p.id}@${p.ratingChangeCounter}`).join(',');
}

/**
 * The shown picks whose rating by the person using the page changed since the list was made (`before`: their rating of
 * each pick then, null = unrated). Those stay where they are, marked, until the list is refreshed, so rating a pick
 * does not reshuffle what the person is looking at.
 */
export function ratedSinceList(before: ReadonlyMap<number, number | null>, now: ReadonlyMap<number, number>): Set<number> {
  const changed = new Set<number>();
  for (const [id, then] of before) if ((now.get(id) ?? null) !== then) changed.add(id);
  return changed;
}
