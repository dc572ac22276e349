// Errors that cross the worker boundary. Comlink copies only name, message and stack, so the kind travels in the name.
import type { EngineErrorKind } from './engineApi';

const PREFIX = 'EngineError:';

export function engineError(kind: EngineErrorKind, message: string): Error {
  const error = new Error(message);
  error.name = `${PREFIX}${kind}`;
  return error;
}

/** The kind of an error thrown by the worker (or by the bridge), 'internal' when it carries none. */
export function engineErrorKind(error: unknown): EngineErrorKind {
  const name = error instanceof Error ? error.name : typeof error === 'object' && error !== null && 'name' in error ? String((error as { name: unknown }).name) : '';
  return name.startsWith(PREFIX) ? (name.slice(PREFIX.length) as EngineErrorKind) : 'internal';
}
