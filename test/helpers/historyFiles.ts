// Reading history files in the tests of src/history/formats/*.ts and detect/parse: fixtures (test/fixtures/imports),
// in-memory files, and detect + parse in one step.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { detectImport, parseImport, type DetectedImport, type InputFile, type ParsedHistory } from '../../src/history';

export const FIXTURES = join(import.meta.dirname, '../fixtures/imports');
export const NOW = Date.UTC(2024, 0, 1);
const encoder = new TextEncoder();

export function fixture(path: string): InputFile {
  return { name: path.split('/').pop()!, bytes: new Uint8Array(readFileSync(join(FIXTURES, path))) };
}

export function textFile(name: string, text: string): InputFile {
  return { name, bytes: encoder.encode(text) };
}

export function recognised(detected: DetectedImport): Extract<DetectedImport, { kind: 'history' }> {
  if (detected.kind === 'unknown' || detected.kind === 'cinelocal') throw new Error(`not a history import: ${JSON.stringify(detected)}`);
  return detected;
}

export async function parse(files: InputFile[]): Promise<ParsedHistory> {
  return parseImport(recognised(await detectImport(files)), NOW);
}

export function find(history: ParsedHistory, title: string, kind?: string) {
  return history.rows.filter((r) => r.title === title && (kind === undefined || r.kind === kind));
}

export const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`);
