// The CineLocal shard container: one file holds several named little-endian typed arrays.
// Layout, versioning and checks are documented in docs/shard-format.md; keep the two in step.

export const SHARD_MAGIC = 'CNLS';
export const SHARD_FORMAT_VERSION = 7;
const FIXED_HEADER_BYTES = 16;
const DATA_ALIGNMENT = 8;

export type ShardDtype = 'u8' | 'i8' | 'u16' | 'i16' | 'u32' | 'i32' | 'f32' | 'f64' | 'str';

const DTYPE_CODES: Record<ShardDtype, number> = { u8: 1, i8: 2, u16: 3, i16: 4, u32: 5, i32: 6, f32: 7, f64: 8, str: 9 };
const DTYPE_BY_CODE = new Map<number, ShardDtype>(Object.entries(DTYPE_CODES).map(([k, v]) => [v, k as ShardDtype]));
const DTYPE_BYTES: Record<Exclude<ShardDtype, 'str'>, number> = { u8: 1, i8: 1, u16: 2, i16: 2, u32: 4, i32: 4, f32: 4, f64: 8 };

export type NumericArray = Uint8Array | Int8Array | Uint16Array | Int16Array | Uint32Array | Int32Array | Float32Array | Float64Array;

export type ShardArray = { dtype: Exclude<ShardDtype, 'str'>; shape: number[]; data: NumericArray } | { dtype: 'str'; shape: [number]; data: string[] };

export type ShardContents = Record<string, ShardArray>;

/** A shard that cannot be used; `file` names it so the UI and CLI can say which one. */
export class ShardError extends Error {
  constructor(
    readonly file: string,
    readonly kind: 'corrupt' | 'version' | 'missing' | 'checksum',
    detail: string,
  ) {
    super(
      `Data file "${file}" ${kind === 'version' ? 'has the wrong format version' : kind === 'missing' ? 'could not be loaded' : kind === 'checksum' ? 'failed its checksum' : 'is corrupt'}: ${detail}`,
    );
    this.name = 'ShardError';
  }
}

function dtypeOf(data: NumericArray): Exclude<ShardDtype, 'str'> {
  if (data instanceof Uint8Array) return 'u8';
  if (data instanceof Int8Array) return 'i8';
  if (data instanceof Uint16Array) return 'u16';
  if (data instanceof Int16Array) return 'i16';
  if (data instanceof Uint32Array) return 'u32';
  if (data instanceof Int32Array) return 'i32';
  if (data instanceof Float32Array) return 'f32';
  return 'f64';
}

/** Convenience constructors so writers state shapes once. */
export function numeric(data: NumericArray, shape: number[] = [data.length]): ShardArray {
  return { dtype: dtypeOf(data), shape, data };
}
export function strings(data: string[]): ShardArray {
  return { dtype: 'str', shape: [data.length], data };
}

const align = (n: number) => Math.ceil(n / DATA_ALIGNMENT) * DATA_ALIGNMENT;

/** Strings are stored as u32 byte offsets (count + 1) followed by the UTF-8 bytes. */
function encodeStrings(values: string[]): Uint8Array {
  const encoder = new TextEncoder();
  const encoded = values.map((v) => encoder.encode(v));
  const total = encoded.reduce((s, e) => s + e.length, 0);
  const out = new Uint8Array(4 * (values.length + 1) + total);
  const view = new DataView(out.buffer);
  let offset = 0;
  encoded.forEach((bytes, i) => {
    view.setUint32(4 * i, offset, true);
    out.set(bytes, 4 * (values.length + 1) + offset);
    offset += bytes.length;
  });
  view.setUint32(4 * values.length, offset, true);
  return out;
}

function payloadBytes(array: ShardArray): Uint8Array {
  if (array.dtype === 'str') return encodeStrings(array.data);
  const data = array.data;
  const expected = array.shape.reduce((a, b) => a * b, 1);
  if (data.length !== expected) throw new Error(`shape ${JSON.stringify(array.shape)} does not match ${data.length} elements`);
  if (isLittleEndian) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  const out = new Uint8Array(data.byteLength);
  const view = new DataView(out.buffer);
  const size = DTYPE_BYTES[array.dtype];
  for (let i = 0; i < data.length; i++) writeScalar(view, i * size, array.dtype, data[i]);
  return out;
}

const isLittleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function writeScalar(view: DataView, at: number, dtype: Exclude<ShardDtype, 'str'>, value: number): void {
  switch (dtype) {
    case 'u8':
      view.setUint8(at, value);
      break;
    case 'i8':
      view.setInt8(at, value);
      break;
    case 'u16':
      view.setUint16(at, value, true);
      break;
    case 'i16':
      view.setInt16(at, value, true);
      break;
    case 'u32':
      view.setUint32(at, value, true);
      break;
    case 'i32':
      view.setInt32(at, value, true);
      break;
    case 'f32':
      view.setFloat32(at, value, true);
      break;
    case 'f64':
      view.setFloat64(at, value, true);
      break;
  }
}

/** Serialise named arrays into one shard file. */
export function writeShard(contents: ShardContents): Uint8Array {
  const encoder = new TextEncoder();
  const names = Object.keys(contents);
  if (names.length > 0xffff) throw new Error('too many arrays in one shard');
  const payloads = names.map((n) => payloadBytes(contents[n]));
  let tableBytes = 0;
  const nameBytes = names.map((n) => {
    const b = encoder.encode(n);
    if (b.length === 0 || b.length > 255) throw new Error(`array name "${n}" must be 1..255 bytes`);
    tableBytes += 1 + b.length + 2 + 4 * contents[n].shape.length + 8;
    return b;
  });
  const headerBytes = align(FIXED_HEADER_BYTES + tableBytes);
  const offsets: number[] = [];
  let cursor = headerBytes;
  for (const p of payloads) {
    offsets.push(cursor);
    cursor = align(cursor + p.length);
  }
  const out = new Uint8Array(cursor);
  const view = new DataView(out.buffer);
  out.set(encoder.encode(SHARD_MAGIC), 0);
  view.setUint16(4, SHARD_FORMAT_VERSION, true);
  view.setUint16(6, names.length, true);
  view.setUint32(8, headerBytes, true);
  view.setUint32(12, cursor, true);
  let at = FIXED_HEADER_BYTES;
  names.forEach((name, i) => {
    const array = contents[name];
    out[at++] = nameBytes[i].length;
    out.set(nameBytes[i], at);
    at += nameBytes[i].length;
    out[at++] = DTYPE_CODES[array.dtype];
    out[at++] = array.shape.length;
    for (const dim of array.shape) {
      view.setUint32(at, dim, true);
      at += 4;
    }
    view.setUint32(at, offsets[i], true);
    view.setUint32(at + 4, payloads[i].length, true);
    at += 8;
    out.set(payloads[i], offsets[i]);
  });
  return out;
}

/** Parse a shard file; every structural problem becomes a ShardError naming `file`. */
export function readShard(file: string, bytes: Uint8Array): ShardContents {
  const fail = (detail: string): never => {
    throw new ShardError(file, 'corrupt', detail);
  };
  if (bytes.length < FIXED_HEADER_BYTES) fail(`only ${bytes.length} bytes, shorter than the ${FIXED_HEADER_BYTES}-byte header`);
  const magic = String.fromCharCode(bytes[0], bytes[1], bytes[2], bytes[3]);
  if (magic !== SHARD_MAGIC) {
    const looksLikeHtml = /^\s*</.test(new TextDecoder().decode(bytes.subarray(0, 64)));
    fail(looksLikeHtml ? 'the server returned an HTML page instead of the data file' : `bad magic "${magic}" (expected ${SHARD_MAGIC})`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint16(4, true);
  if (version !== SHARD_FORMAT_VERSION) throw new ShardError(file, 'version', `format version ${version}, this app reads version ${SHARD_FORMAT_VERSION}`);
  const count = view.getUint16(6, true);
  const headerBytes = view.getUint32(8, true);
  const totalBytes = view.getUint32(12, true);
  if (totalBytes !== bytes.length) fail(`header says ${totalBytes} bytes but the file has ${bytes.length} (truncated or padded)`);
  if (headerBytes > bytes.length) fail('header runs past the end of the file');
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const contents: ShardContents = {};
  let at = FIXED_HEADER_BYTES;
  const need = (n: number) => {
    if (at + n > headerBytes) fail('array table runs past the header');
  };
  for (let i = 0; i < count; i++) {
    need(1);
    const nameLength = bytes[at++];
    need(nameLength + 2);
    let name = '';
    try {
      name = decoder.decode(bytes.subarray(at, at + nameLength));
    } catch {
      fail(`array ${i} has an invalid name`);
    }
    at += nameLength;
    const dtype = DTYPE_BY_CODE.get(bytes[at++]);
    const ndim = bytes[at++];
    if (!dtype) fail(`array "${name}" has an unknown dtype code ${bytes[at - 2]}`);
    if (ndim < 1 || ndim > 4) fail(`array "${name}" has ${ndim} dimensions`);
    need(4 * ndim + 8);
    const shape: number[] = [];
    for (let d = 0; d < ndim; d++, at += 4) shape.push(view.getUint32(at, true));
    const offset = view.getUint32(at, true);
    const length = view.getUint32(at + 4, true);
    at += 8;
    if (offset < headerBytes || offset + length > bytes.length) fail(`array "${name}" lies outside the file`);
    // defineProperty, not assignment: an array named "__proto__" must not replace the object's prototype.
    Object.defineProperty(contents, name, {
      value: decodeArray(file, name, dtype!, shape, bytes, offset, length, fail),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return contents;
}

function decodeArray(
  file: string,
  name: string,
  dtype: ShardDtype,
  shape: number[],
  bytes: Uint8Array,
  offset: number,
  length: number,
  fail: (detail: string) => never,
): ShardArray {
  if (dtype === 'str') {
    const n = shape[0];
    if (shape.length !== 1 || 4 * (n + 1) > length) fail(`string array "${name}" is too short for ${n} offsets`);
    const view = new DataView(bytes.buffer, bytes.byteOffset + offset, length);
    const blobStart = offset + 4 * (n + 1);
    const blobLength = length - 4 * (n + 1);
    // One decode of the whole blob, then slices: per-string TextDecoder calls dominated start-up.
    let text = '';
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(blobStart, blobStart + blobLength));
    } catch {
      fail(`string array "${name}" is not valid UTF-8`);
    }
    const out: string[] = new Array(n);
    let previous = 0;
    let charAt = 0; // UTF-16 index in `text` of byte `byteAt`
    let byteAt = 0;
    for (let i = 0; i < n; i++) {
      const start = view.getUint32(4 * i, true);
      const end = view.getUint32(4 * (i + 1), true);
      if (start !== previous || end < start || end > blobLength) fail(`string array "${name}" has a bad offset at entry ${i}`);
      previous = end;
      const charStart = charAt;
      while (byteAt < end) {
        const lead = bytes[blobStart + byteAt];
        // UTF-8 lead byte -> sequence length; 4-byte sequences are two UTF-16 units.
        const length = lead < 0x80 ? 1 : lead < 0xe0 ? 2 : lead < 0xf0 ? 3 : 4;
        byteAt += length;
        charAt += length === 4 ? 2 : 1;
      }
      if (byteAt !== end) fail(`string array "${name}" entry ${i} splits a UTF-8 character`);
      out[i] = text.slice(charStart, charAt);
    }
    return { dtype, shape: [n], data: out };
  }
  const elements = shape.reduce((a, b) => a * b, 1);
  const size = DTYPE_BYTES[dtype];
  if (elements * size !== length) fail(`array "${name}" holds ${length} bytes, shape ${JSON.stringify(shape)} needs ${elements * size}`);
  void file;
  return { dtype, shape, data: typedView(dtype, bytes, offset, elements) };
}

function typedView(dtype: Exclude<ShardDtype, 'str'>, bytes: Uint8Array, offset: number, elements: number): NumericArray {
  const size = DTYPE_BYTES[dtype];
  const absolute = bytes.byteOffset + offset;
  // Aligned little-endian data is viewed in place (no copy); otherwise copy into a fresh buffer.
  const source = isLittleEndian && absolute % size === 0 ? bytes.buffer : null;
  const buffer = source ?? copyLittleEndian(dtype, bytes, offset, elements);
  const start = source ? absolute : 0;
  switch (dtype) {
    case 'u8':
      return new Uint8Array(buffer, start, elements);
    case 'i8':
      return new Int8Array(buffer, start, elements);
    case 'u16':
      return new Uint16Array(buffer, start, elements);
    case 'i16':
      return new Int16Array(buffer, start, elements);
    case 'u32':
      return new Uint32Array(buffer, start, elements);
    case 'i32':
      return new Int32Array(buffer, start, elements);
    case 'f32':
      return new Float32Array(buffer, start, elements);
    case 'f64':
      return new Float64Array(buffer, start, elements);
  }
}

function copyLittleEndian(dtype: Exclude<ShardDtype, 'str'>, bytes: Uint8Array, offset: number, elements: number): ArrayBufferLike {
  const size = DTYPE_BYTES[dtype];
  const out = new DataView(new ArrayBuffer(elements * size));
  const src = new DataView(bytes.buffer, bytes.byteOffset + offset, elements * size);
  for (let i = 0; i < elements * size; i += size) {
    switch (dtype) {
      case 'u8':
      case 'i8':
        out.setUint8(i, src.getUint8(i));
        break;
      case 'u16':
      case 'i16':
        out.setUint16(i, src.getUint16(i, true));
        break;
      case 'u32':
      case 'i32':
      case 'f32':
        out.setUint32(i, src.getUint32(i, true));
        break;
      case 'f64':
        out.setFloat64(i, src.getFloat64(i, true));
        break;
    }
  }
  return out.buffer;
}

/** Typed accessors that turn a missing or mistyped array into a ShardError naming the file. */
export function requireNumeric<T extends NumericArray>(
  file: string,
  contents: ShardContents,
  name: string,
  ctor: { new (...args: never[]): T; name: string },
): T {
  const array = contents[name];
  if (!array) throw new ShardError(file, 'corrupt', `array "${name}" is missing`);
  if (array.dtype === 'str' || !(array.data instanceof ctor)) throw new ShardError(file, 'corrupt', `array "${name}" is not ${ctor.name}`);
  return array.data as T;
}

export function requireStrings(file: string, contents: ShardContents, name: string): string[] {
  const array = contents[name];
  if (!array || array.dtype !== 'str') throw new ShardError(file, 'corrupt', `string array "${name}" is missing`);
  return array.data;
}

/** SHA-256 hex of bytes via WebCrypto (available in browsers, workers and Node >= 20). */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}
