// Per-row id lists as LEB128 varints in one byte array: [count, id or gap, …] per row. Sorted lists store gaps (small
// numbers, 1 byte each for frequent terms); ordered lists (billing) store ids as they are.

export function encodeIdLists(lists: readonly (readonly number[])[], sorted: boolean): Uint8Array {
  const out: number[] = [];
  const push = (value: number) => {
    let v = value;
    while (v >= 0x80) {
      out.push((v & 0x7f) | 0x80);
      v = Math.floor(v / 128);
    }
    out.push(v);
  };
  for (const list of lists) {
    push(list.length);
    let previous = 0;
    for (const id of list) {
      if (!Number.isInteger(id) || id < 0) throw new RangeError(`id ${id} is not a non-negative integer`);
      if (sorted && id < previous) throw new RangeError('a sorted id list is out of order');
      push(sorted ? id - previous : id);
      if (sorted) previous = id;
    }
  }
  return Uint8Array.from(out);
}

/**
 * Reads `rows` lists back; every id is checked against `limit` (the table it points into). Errors name `what` so the
 * shard reader can say which array is corrupt.
 */
export function decodeIdLists(bytes: Uint8Array, rows: number, sorted: boolean, limit: number, what: string): { indptr: Uint32Array; ids: Uint32Array } {
  const indptr = new Uint32Array(rows + 1);
  const ids: number[] = [];
  let at = 0;
  const read = (): number => {
    let value = 0;
    let scale = 1;
    for (let i = 0; i < 5; i++) {
      if (at >= bytes.length) throw new RangeError(`${what}: the lists end early (row data past the last byte)`);
      const byte = bytes[at++];
      value += (byte & 0x7f) * scale;
      if (byte < 0x80) return value;
      scale *= 128;
    }
    throw new RangeError(`${what}: a number longer than 5 bytes`);
  };
  for (let r = 0; r < rows; r++) {
    const count = read();
    let previous = 0;
    for (let i = 0; i < count; i++) {
      const value = read();
      const id = sorted ? previous + value : value;
      if (id >= limit) throw new RangeError(`${what}: row ${r} points at ${id}, the table has ${limit} entries`);
      ids.push(id);
      previous = id;
    }
    indptr[r + 1] = ids.length;
  }
  if (at !== bytes.length) throw new RangeError(`${what}: ${bytes.length - at} bytes left over after ${rows} rows`);
  return { indptr, ids: Uint32Array.from(ids) };
}
