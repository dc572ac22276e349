// List cells (genres, cast, crew, keywords) read the way the pipeline reads them: through listOfDicts in src/pipeline/movies.ts.
import { listOfDicts } from '../../src/pipeline/movies';
import type { SkipCounts } from '../../src/pipeline/csv';
import type { PyValue } from '../../src/pipeline/pythonLiteral';

/**
 * The string 'name' fields of a list cell's dict entries (only entries `keep` accepts), and the warnings
 * listOfDicts counted for it (non-empty only for an unparseable cell or a cell that is not a list).
 */
export function cellNames(cell: string | undefined, keep?: (entry: Record<string, PyValue>) => boolean): { names: string[]; warnings: SkipCounts } {
  const warnings: SkipCounts = {};
  const names = listOfDicts(cell, warnings, 'list')
    .filter((entry) => typeof entry.name === 'string' && (!keep || keep(entry)))
    .map((entry) => entry.name as string);
  return { names, warnings };
}
