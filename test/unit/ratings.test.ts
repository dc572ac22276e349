import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readLinks, readRatings } from '../../src/pipeline/ratings';

let dir = '';
const file = (name: string): string => path.join(dir, name);

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ratings-test-'));
  fs.writeFileSync(
    file('links.csv'),
    'movieId,imdbId,tmdbId\r\n1,0114709,862\r\n2,0113497,8844\r\n3,0113228,\r\n4,0114885,abc\r\n1,0114709,999\r\n5,0000001,55\r\n',
  );
  fs.writeFileSync(
    file('ratings.csv'),
    [
      'userId,movieId,rating,timestamp',
      '1,1,2.5,1260759144',
      '1,2,5.0,1260759179',
      '2,1,0.5,1260759182',
      '2,3,4.0,1260759185', // movie 3 has no tmdbId
      '3,1,7.0,1260759186', // out of range
      '3,1,x,1260759186', // malformed rating
      'z,1,3.0,1260759186', // malformed userId
      '3,5,4.5,1260759190',
      '',
    ].join('\r\n'),
  );
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('readLinks', () => {
  it('maps movieId to tmdbId and counts skipped rows by reason', async () => {
    const links = await readLinks(file('links.csv'));
    expect(links.rows).toBe(6);
    expect([...links.movieIdToTmdb.entries()]).toEqual([
      [1, 862],
      [2, 8844],
      [5, 55],
    ]);
    expect(links.skipped).toEqual({ 'empty tmdbId': 1, 'malformed tmdbId': 1, 'duplicate movieId': 1 });
  });

  it('throws an error naming the file when it is missing', async () => {
    await expect(readLinks(file('nope.csv'))).rejects.toThrow(file('nope.csv'));
  });

  it('throws naming the file and column when the header lacks tmdbId', async () => {
    fs.writeFileSync(file('bad-links.csv'), 'movieId,imdbId\n1,2\n');
    await expect(readLinks(file('bad-links.csv'))).rejects.toThrow(/bad-links\.csv.*tmdbId/);
  });
});

describe('readRatings', () => {
  it('keeps valid rows as parallel typed arrays and counts skips by reason (CRLF input)', async () => {
    const links = await readLinks(file('links.csv'));
    let lastBytes = 0;
    let total = 0;
    const table = await readRatings(file('ratings.csv'), links, (bytes, size) => {
      lastBytes = bytes;
      total = size;
    });
    expect(table.rowsRead).toBe(8);
    expect(table.count).toBe(4);
    expect(table.users).toBe(3);
    expect([...table.userIds]).toEqual([1, 1, 2, 3]);
    expect([...table.tmdbIds]).toEqual([862, 8844, 862, 55]);
    expect([...table.ratings]).toEqual([2.5, 5, 0.5, 4.5]);
    expect([...table.timestamps]).toEqual([1260759144, 1260759179, 1260759182, 1260759190]);
    expect(table.skipped).toEqual({
      'movieId not in links': 1,
      'rating outside 0.5..5': 1,
      'malformed rating': 1,
      'malformed userId': 1,
    });
    expect(lastBytes).toBe(fs.statSync(file('ratings.csv')).size);
    expect(total).toBe(lastBytes);
  });

  it('grows its arrays past the initial capacity without losing rows', async () => {
    const rows = 200_000;
    const lines = ['userId,movieId,rating,timestamp'];
    for (let r = 0; r < rows; r++) lines.push(`${(r % 977) + 1},${(r % 2) + 1},${((r % 10) + 1) / 2},${1_000_000 + r}`);
    fs.writeFileSync(file('big.csv'), lines.join('\n') + '\n');
    const table = await readRatings(file('big.csv'), await readLinks(file('links.csv')));
    expect(table.count).toBe(rows);
    expect(table.userIds.length).toBe(rows);
    expect(table.users).toBe(977);
    expect(table.timestamps[rows - 1]).toBe(1_000_000 + rows - 1);
    expect(table.ratings[rows - 1]).toBe((((rows - 1) % 10) + 1) / 2);
    expect(table.tmdbIds[rows - 1]).toBe(8844);
  });

  it('throws an error naming the ratings file when it is missing', async () => {
    const links = await readLinks(file('links.csv'));
    await expect(readRatings(file('missing-ratings.csv'), links)).rejects.toThrow(file('missing-ratings.csv'));
  });
});
