// The worker sends a parsed import's rating rows as columns (moved buffers, issue 21 item 5): the page gets the same
// rows back, a row without a timestamp included, and a file the worker could not read is still its message.
import { describe, expect, it } from 'vitest';
import { ImportFileError } from '../../src/history/errors';
import { packedBuffers, packParsedImport, unpackParsedImport } from '../../src/history/wire';
import { parseRatingsImport } from '../../src/history/formats/cinelocal';
import { remoteParser } from '../../src/history/ownImport';

const CSV = 'userId,movieId,rating,timestamp\nme,11,4.5,1500000000\nme,12,3,\nme,x,3,1\nme,13,0.5,1500000001\n';

describe('packed parsed import', () => {
  it('round-trips every rating row (null timestamps too) and keeps the rest of the answer', () => {
    const parsed = parseRatingsImport('ratings.csv', CSV, Date.now());
    expect(parsed.rows.some((r) => r.timestampSeconds === null)).toBe(true);
    const packed = packParsedImport(parsed);
    expect('rows' in packed).toBe(false);
    expect(packedBuffers(packed)).toHaveLength(4);
    expect(unpackParsedImport(packed)).toEqual(parsed);
  });

  it('remoteParser unpacks the worker answer and turns a file error into an ImportFileError', async () => {
    const parsed = parseRatingsImport('ratings.csv', CSV, Date.now());
    const parse = remoteParser(async () => packParsedImport(parsed));
    expect(await parse('ratings.csv', CSV, 0)).toEqual(parsed);
    const failing = remoteParser(async () => ({ fileError: 'The file ratings.csv has no header row.' }));
    await expect(failing('ratings.csv', '', 0)).rejects.toBeInstanceOf(ImportFileError);
  });
});
