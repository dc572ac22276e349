// "Your taste", the engine side (src/engine/taste.ts) and its words (describePeople, describeMap): directors and actors of
// the rated movies from the keyword soup, and the factor map's principal axes.
import { describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine';
import { principalAxes, ratedPeople } from '../../src/engine/taste';
import { describeMap, describePeople, peopleRows } from '../../src/app/taste/tasteData';
import { tinyDataset } from '../helpers/tinyDataset';
import { asTmdbId } from '../../src/engine/ids';

describe('Your taste: directors and actors', () => {
  it('counts each person over the rated movies with your mean rating, two movies at least, most movies first', async () => {
    const data = await tinyDataset();
    const engine = new Engine(data);
    // Toy Tale, Toy Tale 2 and Bug Life: John Lass directed all three; Tom Banks and Tim Alley act in the first two.
    const ratings = [
      { movieId: 10, rating: 5 },
      { movieId: 11, rating: 4 },
      { movieId: 12, rating: 3 },
      { movieId: 14, rating: 1 },
    ];
    const people = ratedPeople(data.keywords, (id) => engine.rowOf(asTmdbId(id)), ratings);
    const director = people.find((p) => p.role === 'director');
    expect(people[0]).toEqual({ name: director!.name, role: 'director', movies: 3, mean: 4 });
    expect(director!.name.toLowerCase()).toContain('lass');
    // Tom Banks is also in Sad Story (rated 1): three movies, mean (5 + 4 + 1) / 3.
    const tom = people.find((p) => p.name.toLowerCase().includes('banks'));
    expect(tom).toMatchObject({ role: 'cast', movies: 3, mean: 10 / 3 });
    // Nobody with a single rated movie is listed.
    expect(people.every((p) => p.movies >= 2)).toBe(true);
    expect(ratedPeople(data.keywords, (id) => engine.rowOf(asTmdbId(id)), [{ movieId: 999, rating: 4 }])).toEqual([]);
  });

  it('says who is most in your ratings and whose films you rate highest', () => {
    const text = describePeople([
      { name: 'Ann Lee', role: 'director', movies: 4, mean: 3.2 },
      { name: 'Tom Banks', role: 'cast', movies: 3, mean: 4.6 },
    ]);
    expect(text).toBe(
      'Most in your ratings: Ann Lee (director, 4 movies, 3.2★ on average); Tom Banks (actor, 3 movies, 4.6★). You rate Tom Banks’s films highest.',
    );
    expect(describePeople([])).toMatch(/No director or actor/);
    expect(peopleRows([{ name: 'Ann Lee', role: 'director', movies: 4, mean: 3.2 }])).toEqual([{ label: 'Ann Lee (director)', movies: 4, mean: 3.2 }]);
  });
});

describe('Your taste: the factor map', () => {
  it('finds the direction of largest spread first, then the next, at right angles', () => {
    // Points along (1, 1, 0) spread widely, along (1, −1, 0) a little, none along z.
    const points: number[] = [];
    for (let i = -5; i <= 5; i++) for (const j of [-1, 1]) points.push(i + 0.2 * j, i - 0.2 * j, 0);
    const rows = Array.from({ length: points.length / 3 }, (_, i) => i);
    const { axes } = principalAxes(Float32Array.from(points), 3, rows);
    expect(Math.abs(axes[0][0])).toBeCloseTo(Math.SQRT1_2, 4);
    expect(axes[0][0]).toBeCloseTo(axes[0][1], 4);
    expect(Math.abs(axes[1][0])).toBeCloseTo(Math.SQRT1_2, 4);
    expect(axes[1][0]).toBeCloseTo(-axes[1][1], 4);
    expect(axes[0][0] * axes[1][0] + axes[0][1] * axes[1][1] + axes[0][2] * axes[1][2]).toBeCloseTo(0, 6);
  });

  it('places the trained catalog and your rated movies; movies without a model vector have no place; says what is near your likes', async () => {
    const engine = new Engine(await tinyDataset());
    const { map, people } = engine.tasteProfile([
      { movieId: 10, rating: 5 },
      { movieId: 11, rating: 4.5 },
      { movieId: 17, rating: 4 },
    ]);
    expect(people.length).toBeGreaterThan(0);
    // Six trained movies in the background; 16 and 17 have no vector.
    expect(map.backgroundX).toHaveLength(6);
    expect(map.yours.map((m) => m.movieId)).toEqual([10, 11]);
    expect(map.centre![0]).toBeCloseTo((map.yours[0].x + map.yours[1].x) / 2, 5);
    expect(map.nearYou).toHaveLength(3);
    for (const title of map.nearYou) expect(['Toy Tale', 'Toy Tale 2']).not.toContain(title);
    expect(describeMap(map)).toMatch(/^2 of your movies among 6 well-known movies.*cluster near /);
    expect(describeMap(engine.tasteProfile([]).map)).toMatch(/None of your rated movies/);
  });
});
