// Checks every build-data input up front, so a missing or unreadable CSV is reported at once, all of them in one error,
// before any parsing starts.
import { promises as fs } from 'node:fs';
import { basename, join } from 'node:path';
import { inputPaths } from './buildData';
import { assertReadable, InputFileError } from './csv';

export type InputPaths = ReturnType<typeof inputPaths>;

export interface InputProblem {
  /** The file looked for (for links: links.csv, which links_small.csv may replace). */
  path: string;
  /** e.g. "cannot read input file (ENOENT)". */
  reason: string;
}

/** Every input that is missing or unreadable (or the data directory itself); the message lists them one per line. */
export class MissingInputsError extends Error {
  constructor(
    readonly dataDir: string,
    readonly problems: InputProblem[],
  ) {
    super(describe(dataDir, problems));
    this.name = 'MissingInputsError';
  }
}

/** The files build-data reads, as a sentence for error messages. */
export function expectedInputs(ratings: 'small' | 'full'): string {
  return `movies_metadata.csv, credits.csv, keywords.csv, links.csv (or links_small.csv) and ${ratings === 'full' ? 'ratings.csv' : 'ratings_small.csv'}`;
}

/**
 * The input paths of `buildData` for `dataDir` (links.csv, or links_small.csv when links.csv is absent), once every one
 * of them is a readable file. Otherwise throws MissingInputsError naming every file that is missing or unreadable.
 */
export async function checkInputs(dataDir: string, ratings: 'small' | 'full'): Promise<InputPaths> {
  const stat = await fs.stat(dataDir).catch((error: NodeJS.ErrnoException) => error);
  if (stat instanceof Error)
    throw new MissingInputsError(dataDir, [{ path: dataDir, reason: `data directory does not exist or cannot be read (${stat.code ?? stat.message})` }]);
  if (!stat.isDirectory()) throw new MissingInputsError(dataDir, [{ path: dataDir, reason: 'not a directory' }]);

  const paths = inputPaths(dataDir, ratings);
  const checks = await Promise.all(
    Object.entries(paths).map(async ([key, path]): Promise<InputProblem | null> => {
      try {
        await assertReadable(path);
        return null;
      } catch (error) {
        const reason = error instanceof InputFileError ? error.message.slice(path.length + 2) : String(error);
        // Neither links file is there: name the one the Kaggle download has, mention the other.
        if (key === 'links' && basename(path) === 'links_small.csv')
          return { path: join(dataDir, 'links.csv'), reason: `${reason}; links_small.csv is missing too` };
        return { path, reason };
      }
    }),
  );
  const problems = checks.filter((p): p is InputProblem => p !== null);
  if (problems.length > 0) throw new MissingInputsError(dataDir, problems);
  return paths;
}

function describe(dataDir: string, problems: InputProblem[]): string {
  if (problems.length === 1) return `${problems[0].path}: ${problems[0].reason}`;
  return [`${problems.length} input files are missing or unreadable in ${dataDir}:`, ...problems.map((p) => `  ${p.path}: ${p.reason}`)].join('\n');
}
