// The one error model of the engine boundary: the kinds, the error the UI acts on, and the plain object that carries it
// across Comlink. The worker maps every failure once (`toEngineErrorPayload`) and throws the payload; the bridge turns
// it back into an EngineError by its fields (`fromEngineErrorPayload`), never by reading messages.
import { ShardError } from '../engine/shards/format';

/** Error kinds that cross the worker boundary. */
export const ENGINE_ERROR_KINDS = [
  'shard-corrupt',
  'shard-missing',
  'shard-version',
  'not-loaded',
  'bad-input',
  'cancelled',
  'worker-crashed',
  'internal',
] as const;
export type EngineErrorKind = (typeof ENGINE_ERROR_KINDS)[number];

/** What crosses Comlink (structured clone keeps a plain object whole; an Error would lose every field but name/message). */
export interface EngineErrorPayload {
  kind: EngineErrorKind;
  /** Written for a person. */
  message: string;
  /** The shard file a shard-* error is about. */
  file?: string;
}

/** An engine failure with a kind the UI can act on; `message` is written for a person. */
export class EngineError extends Error {
  readonly kind: EngineErrorKind;
  readonly file: string | undefined;
  constructor(kind: EngineErrorKind, message: string, options?: { cause?: unknown; file?: string }) {
    super(message, options);
    this.name = 'EngineError';
    this.kind = kind;
    this.file = options?.file;
  }
}

export function isEngineErrorKind(value: unknown): value is EngineErrorKind {
  return typeof value === 'string' && (ENGINE_ERROR_KINDS as readonly string[]).includes(value);
}

export function isEngineErrorPayload(value: unknown): value is EngineErrorPayload {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return isEngineErrorKind(record.kind) && typeof record.message === 'string' && (record.file === undefined || typeof record.file === 'string');
}

const SHARD_KIND: Record<ShardError['kind'], EngineErrorKind> = {
  version: 'shard-version',
  missing: 'shard-missing',
  corrupt: 'shard-corrupt',
  checksum: 'shard-corrupt',
};

/** Worker side, the one mapping: any failure → {kind, message, file?}. */
export function toEngineErrorPayload(error: unknown): EngineErrorPayload {
  if (error instanceof EngineError)
    return error.file === undefined ? { kind: error.kind, message: error.message } : { kind: error.kind, message: error.message, file: error.file };
  if (error instanceof ShardError) return { kind: SHARD_KIND[error.kind], message: error.message, file: error.file };
  if (error instanceof RangeError) return { kind: 'bad-input', message: error.message };
  return { kind: 'internal', message: error instanceof Error ? error.message : String(error) };
}

/** Page side: what a worker call rejected with → EngineError. Anything that is not a payload is an internal error. */
export function toEngineError(error: unknown): EngineError {
  if (error instanceof EngineError) return error;
  if (isEngineErrorPayload(error)) return new EngineError(error.kind, error.message, { cause: error, file: error.file });
  return new EngineError('internal', error instanceof Error ? error.message : String(error), { cause: error });
}
