// Watch together (#/together?with=…): pick 2–6 profiles on this device and a mood, get one list for the group, each pick
// with whom it suits and why. The address holds the group asked for, so a reload or a link shows the same list.
import { useId, useState, type FormEvent } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { listProfiles } from '../../storage/repository';
import { GenreDecadeFields } from '../shared/GenreDecadeFields';
import { useServices } from '../services';
import { MovieCard } from '../shared/MovieCard';
import { QueryError } from '../shared/QueryError';
import { useEngineQuery } from '../shared/useEngineQuery';
import { navigate } from '../shared/useHashRoute';
import { ProfileName } from '../profiles/ProfileName';
import { useProfileSession } from '../services';
import {
  groupName,
  groupProblem,
  LENGTH_CHOICES,
  MAX_GROUP,
  parseLength,
  pickChips,
  pickedProfiles,
  ratedSinceList,
  ratingsStamp,
  readGroupMembers,
  toggleMember,
  togetherSearch,
  unknownRuntimeNote,
  type TogetherRoute,
} from './together';

const GROUP_COUNT = 30;

export function TogetherView({ route }: { route: TogetherRoute }) {
  const { db, bridge } = useServices();
  const session = useProfileSession();
  const ids = { heading: useId(), problem: useId(), rated: useId(), length: useId() };
  const profiles = useLiveQuery(() => listProfiles(db), [db]);
  // The form starts from the address (or the active profile alone) and follows it when the address changes (Back, a link).
  const routeKey = togetherSearch(route);
  const fromRoute = () => ({
    routeKey,
    members: route.members.length > 0 ? route.members : [session.profile.id],
    genre: route.genre ?? '',
    decade: route.decade === null ? '' : String(route.decade),
    length: route.length ?? '',
    includeRated: route.includeRated,
  });
  const [form, setForm] = useState(fromRoute);
  if (form.routeKey !== routeKey) setForm(fromRoute());
  const genres = useEngineQuery('genres', () => bridge.genres());

  const formPicked = profiles ? pickedProfiles(profiles, form.members) : [];
  const formName = groupName(formPicked.map((p) => p.name));
  const problem = groupProblem(formPicked.length);
  // The list is for the group in the address. A rating or a "not interested" (here or in another tab) does not ask
  // again: the list stays as shown — rated picks marked, hidden ones left out — until Refresh (or leaving and coming
  // back), so acting on a pick never reshuffles the others.
  const asked = profiles ? pickedProfiles(profiles, route.members) : [];
  const [refreshes, setRefreshes] = useState(0);
  const askedKey = asked.length >= 2 ? `together:${routeKey}:${asked.map((p) => p.id).join(',')}:${refreshes}` : null;
  const picks = useEngineQuery(askedKey, async () => {
    const stamp = ratingsStamp(asked);
    const result = await bridge.groupRecommend(await readGroupMembers(db, asked), {
      k: GROUP_COUNT,
      genre: route.genre,
      decade: route.decade,
      length: route.length,
      includeRated: route.includeRated,
    });
    return { ...result, stamp, ratedBefore: new Map(result.picks.map((pick) => [pick.movie.id, session.ratings.get(pick.movie.id) ?? null])) };
  });
  const askedName = groupName(asked.map((p) => p.name));
  const ratedSince = picks.data ? ratedSinceList(picks.data.ratedBefore, session.ratings) : new Set<number>();
  const stale = picks.data !== undefined && picks.data.stamp !== ratingsStamp(asked);
  const unknownNote = picks.data ? unknownRuntimeNote(picks.data.unknownRuntime) : null;
  const shown = picks.data ? picks.data.picks.filter((pick) => !session.hidden.has(pick.movie.id)) : [];

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (problem) return;
    navigate({
      view: 'together',
      members: form.members,
      genre: form.genre || null,
      decade: form.decade ? Number(form.decade) : null,
      length: parseLength(form.length),
      includeRated: form.includeRated,
    });
  };

  return (
    <section className="view" aria-labelledby={ids.heading}>
      <h1 id={ids.heading} className="view-title">
        Watch together
      </h1>
      <p className="view-lede">
        Pick who is watching (profiles on this device) and get one list for the group: nobody’s hidden movies, and nothing anyone has rated unless you ask for
        it below.
      </p>
      <form className="together-form" onSubmit={submit} aria-describedby={problem ? ids.problem : undefined}>
        <fieldset className="together-members">
          <legend>Who’s watching? (2 to {MAX_GROUP})</legend>
          {profiles === undefined ? <p className="hint">Reading profiles…</p> : null}
          {profiles?.length === 1 ? <p className="hint">Only one profile on this device: add another from the profile button to watch together.</p> : null}
          {profiles?.map((profile) => {
            const on = form.members.includes(profile.id);
            return (
              <label key={profile.id} className="checkbox-field">
                <input
                  type="checkbox"
                  checked={on}
                  disabled={!on && form.members.length >= MAX_GROUP}
                  onChange={(event) => setForm({ ...form, members: toggleMember(form.members, profile.id, event.target.checked) })}
                />
                <ProfileName name={profile.name} />
                {profile.id === session.profile.id ? <span className="together-you">(you)</span> : null}
              </label>
            );
          })}
        </fieldset>
        <div className="filters" role="group" aria-label="Mood">
          <GenreDecadeFields
            genres={genres.data ?? []}
            genre={form.genre}
            decade={form.decade}
            onGenre={(genre) => setForm({ ...form, genre })}
            onDecade={(decade) => setForm({ ...form, decade })}
          />
          <div className="field">
            <label htmlFor={ids.length}>Length</label>
            <select id={ids.length} value={form.length} onChange={(event) => setForm({ ...form, length: event.target.value })}>
              <option value="">Any length</option>
              {LENGTH_CHOICES.map((choice) => (
                <option key={choice.value} value={choice.value}>
                  {choice.label}
                </option>
              ))}
            </select>
          </div>
          <label className="checkbox-field" htmlFor={ids.rated}>
            <input id={ids.rated} type="checkbox" checked={form.includeRated} onChange={(event) => setForm({ ...form, includeRated: event.target.checked })} />
            <span>Include movies someone has rated</span>
          </label>
        </div>
        <p className="together-actions">
          <button type="submit" className="button button-primary" aria-disabled={problem !== null}>
            {problem ? 'Recommend movies for the group' : `Recommend movies for ${formName}`}
          </button>{' '}
          {problem ? (
            <span id={ids.problem} className="hint">
              {problem}
            </span>
          ) : null}
        </p>
      </form>
      <div aria-live="polite" className="result-count">
        {askedKey === null
          ? null
          : picks.pending
            ? `Finding movies for ${askedName}…`
            : picks.data
              ? `${shown.length === 0 ? `No movies match this mood for ${askedName}.` : `${shown.length} picks for ${askedName}.`}${unknownNote ? ` ${unknownNote}` : ''}`
              : null}
      </div>
      <QueryError what="Group recommendations" error={picks.error} onRetry={picks.reload} />
      {askedKey !== null && picks.data ? (
        <p className="together-refresh">
          {stale ? <span className="hint">Ratings have changed since this list was made. </span> : null}
          <button type="button" className="button" onClick={() => setRefreshes((n) => n + 1)}>
            Refresh the list
          </button>
        </p>
      ) : null}
      {askedKey !== null && shown.length > 0 ? (
        <ul className="movie-list" aria-label={`Picks for ${askedName}`} aria-busy={picks.pending}>
          {shown.map((pick) => (
            <MovieCard
              key={pick.movie.id}
              movie={pick.movie}
              chips={pickChips(pick)}
              note={ratedSince.has(pick.movie.id) ? 'Rated since this list was made: it stays here until you refresh the list.' : undefined}
            />
          ))}
        </ul>
      ) : null}
    </section>
  );
}
