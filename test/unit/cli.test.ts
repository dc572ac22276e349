// scripts/lib/cli.ts (the shared argument helper), then every CLI in scripts/ run as `npx tsx scripts/<name>.ts` in a
// child process: --help exits 0 with the usage, an unknown option exits 2 with one line + usage, never a stack trace;
// and build-data's up-front input check (every missing CSV named, exit 1; the demo only when there is no ./data).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CliUsageError, defineCli, parseCliArgs, type CliIo, type CliOptions, type CliSpec } from '../../scripts/lib/cli';
import { plural } from '../../scripts/lib/output';
import { checkInputs, MissingInputsError } from '../../src/pipeline/inputs';
import { inPairs, runTsxScript, type ScriptRun } from '../helpers/runScript';

const REPO = resolve(__dirname, '../..');

const spec = {
  name: 'demo-cli',
  usage: 'demo-cli --query <words> [--limit 10] [--ratings small|full] [--json]',
  description: 'A CLI for the tests.',
  options: {
    query: { type: 'string', required: true, value: 'words', description: 'what to look for' },
    out: { type: 'string', default: 'public/data', value: 'dir' },
    limit: { type: 'integer', default: 10, min: 1, description: 'most hits' },
    fraction: { type: 'number', min: 0, max: 1 },
    ratings: { type: 'string', default: 'small', choices: ['small', 'full'] },
    json: { type: 'boolean', short: 'j', description: 'print JSON' },
    'no-online': { type: 'boolean' },
  },
} as const satisfies CliSpec<CliOptions>;

const parse = (argv: string[]) => parseCliArgs(spec, argv);
const usageError = (argv: string[]): string => {
  try {
    parse(argv);
  } catch (error) {
    expect(error).toBeInstanceOf(CliUsageError);
    return (error as Error).message;
  }
  throw new Error(`no usage error for ${JSON.stringify(argv)}`);
};

describe('parseCliArgs', () => {
  it('converts values, applies defaults and makes absent flags false', () => {
    const result = parse(['--query', 'toy story', '--limit', '5', '--fraction=0.25', '-j']);
    expect(result).toEqual({
      values: { query: 'toy story', out: 'public/data', limit: 5, fraction: 0.25, ratings: 'small', json: true, 'no-online': false },
      positionals: [],
    });
  });

  it('is typed from the spec: defaults and required options are never undefined', () => {
    const result = parse(['--query', 'x']);
    if ('help' in result) throw new Error('unexpected help');
    const limit: number = result.values.limit;
    const ratings: 'small' | 'full' = result.values.ratings;
    const fraction: number | undefined = result.values.fraction;
    const flag: boolean = result.values['no-online'];
    expect([limit, ratings, fraction, flag]).toEqual([10, 'small', undefined, false]);
  });

  it('sees --help or -h anywhere before "--", even next to mistakes, but not as an option value', () => {
    expect(parse(['--help'])).toEqual({ help: true });
    expect(parse(['--bogus', '-h'])).toEqual({ help: true });
    expect(parse(['--limit', 'abc', '--help'])).toEqual({ help: true });
    expect(() => parse(['--query', 'x', '--out', '-h'])).toThrow(/--out needs a value/);
    expect(parse(['--query', 'x', '--out=-h'])).toMatchObject({ values: { out: '-h' } });
    expect(() => parse(['--query', 'x', '--', '--help'])).toThrow(CliUsageError);
  });

  it('names the option in every usage error, on one line', () => {
    const cases: [string[], RegExp][] = [
      [['--query', 'x', '--bogus'], /^unknown option '--bogus'$/],
      [['--query', 'x', '-z'], /^unknown option '-z'$/],
      [['--query'], /^--query needs a value$/],
      [['--query', 'x', '--limit', '--json'], /^--limit needs a value \(for a value that starts with "-", write --limit=<value>\)$/],
      [['--query', 'x', '--json=yes'], /^--json does not take a value$/],
      [['--query', 'x', 'stray'], /^unexpected argument 'stray'/],
      [[], /^--query is required$/],
      [['--query='], /^--query needs a value$/],
      [['--query', 'x', '--limit', 'ten'], /^--limit needs an integer ≥ 1, got "ten"$/],
      [['--query', 'x', '--limit', '2.5'], /^--limit needs an integer ≥ 1, got "2.5"$/],
      [['--query', 'x', '--limit=0'], /^--limit needs an integer ≥ 1, got "0"$/],
      [['--query', 'x', '--limit', ''], /^--limit needs an integer ≥ 1, got ""$/],
      [['--query', 'x', '--fraction', '1.5'], /^--fraction needs a number from 0 to 1, got "1.5"$/],
      [['--query', 'x', '--fraction', '0x1'], /^--fraction needs a number from 0 to 1, got "0x1"$/],
      [['--query', 'x', '--ratings', 'huge'], /^--ratings must be "small" or "full", got "huge"$/],
    ];
    for (const [argv, expected] of cases) expect(usageError(argv), JSON.stringify(argv)).toMatch(expected);
  });

  it('accepts plain decimal numbers, signs and exponents', () => {
    const values = (argv: string[]) => {
      const result = parseCliArgs({ name: 't', usage: 't', options: { n: { type: 'number' }, i: { type: 'integer' } } }, argv);
      if ('help' in result) throw new Error('unexpected help');
      return result.values;
    };
    expect(values(['--n', '.5', '--i', '26e6'])).toEqual({ n: 0.5, i: 26_000_000 });
    expect(values(['--n=-1.25', '--i=+7'])).toEqual({ n: -1.25, i: 7 });
  });

  it('returns positionals only when the spec allows them', () => {
    expect(parseCliArgs({ name: 't', usage: 't <file>', options: {}, positionals: true }, ['a.csv', 'b.csv'])).toEqual({
      values: {},
      positionals: ['a.csv', 'b.csv'],
    });
    expect(() => parseCliArgs({ name: 't', usage: 't', options: {} }, ['a.csv'])).toThrow(/unexpected argument 'a.csv'/);
  });
});

/** An io that records what the CLI printed and turns exit into an exception. */
function fakeIo() {
  const out = { stdout: '', stderr: '', code: null as number | null };
  const io: CliIo = {
    stdout: (text) => void (out.stdout += text),
    stderr: (text) => void (out.stderr += text),
    exit: (code) => {
      out.code = code;
      throw new Error(`exit ${code}`);
    },
  };
  return { io, out };
}

describe('defineCli', () => {
  it('prints the help to stdout and exits 0: usage, description, every option with its default', () => {
    const { io, out } = fakeIo();
    expect(() => defineCli(spec, io).parse(['-h'])).toThrow('exit 0');
    expect(out.code).toBe(0);
    expect(out.stderr).toBe('');
    expect(out.stdout).toMatch(/^usage: demo-cli --query <words>/);
    expect(out.stdout).toContain('A CLI for the tests.');
    expect(out.stdout).toMatch(/--query <words> +what to look for \(required\)/);
    expect(out.stdout).toMatch(/--limit <n> +most hits \(default: 10\)/);
    expect(out.stdout).toMatch(/--ratings <small\|full> +\(default: small\)/);
    expect(out.stdout).toMatch(/-j, --json +print JSON/);
    expect(out.stdout).toMatch(/-h, --help +print this help and exit/);
  });

  it('prints one error line and the usage to stderr and exits 2', () => {
    const { io, out } = fakeIo();
    expect(() => defineCli(spec, io).parse(['--query', 'x', '--bogus'])).toThrow('exit 2');
    expect(out.code).toBe(2);
    expect(out.stdout).toBe('');
    const lines = out.stderr.trimEnd().split('\n');
    expect(lines[0]).toBe("demo-cli: unknown option '--bogus'");
    expect(lines[1]).toBe(`usage: ${spec.usage}`);
    expect(lines).toHaveLength(3);
  });

  it("fail() reports the script's own checks the same way", () => {
    const { io, out } = fakeIo();
    const cli = defineCli(spec, io);
    expect(cli.parse(['--query', 'x']).values.query).toBe('x');
    expect(() => cli.fail('--train and --test go together')).toThrow('exit 2');
    expect(out.stderr.split('\n')[0]).toBe('demo-cli: --train and --test go together');
    expect(out.stderr).toContain(`usage: ${spec.usage}`);
  });

  it('indents a usage of several lines under "usage:"', () => {
    const { io, out } = fakeIo();
    expect(() => defineCli({ name: 'two', usage: 'two --a\ntwo --b', options: {} }, io).parse(['--c'])).toThrow('exit 2');
    expect(out.stderr).toContain('usage: two --a\n       two --b\n');
  });

  it('refuses a spec that declares --help itself', () => {
    expect(() => defineCli({ name: 'x', usage: 'x', options: { help: { type: 'boolean' } } })).toThrow(/built in/);
  });
});

describe('plural', () => {
  it('agrees the noun with the count', () => {
    expect(plural(1, 'file')).toBe('1 file');
    expect(plural(2, 'file')).toBe('2 files');
    expect(plural(0, 'file')).toBe('0 files');
    expect(plural(45433, 'movie')).toBe('45,433 movies');
    expect(plural(3, 'entry', 'entries')).toBe('3 entries');
  });
});

const CLIS: { script: string; usage: string }[] = [
  { script: 'scripts/build-data.ts', usage: 'usage: npm run build-data --' },
  { script: 'scripts/search.ts', usage: 'usage: npm run search --' },
  { script: 'scripts/recommend.ts', usage: 'usage: npm run recommend --' },
  { script: 'scripts/bench.ts', usage: 'usage: npm run bench --' },
  { script: 'scripts/generate-demo-data.ts', usage: 'usage: npm run demo-data --' },
  { script: 'scripts/gen-big-ratings.ts', usage: 'usage: tsx scripts/gen-big-ratings.ts' },
  { script: 'scripts/hardening-rss.ts', usage: 'usage: tsx scripts/hardening-rss.ts' },
  { script: 'scripts/eval.ts', usage: 'usage: npm run eval --' },
  { script: 'scripts/tune.ts', usage: 'usage: npm run tune --' },
  { script: 'scripts/scale-check.ts', usage: 'usage: npm run scale-check --' },
];
const STACK_TRACE = /^\s+at /m;

describe('every CLI in scripts/ (child processes)', () => {
  let runs: { help: ScriptRun; bogus: ScriptRun }[] = [];
  beforeAll(async () => {
    const jobs = CLIS.flatMap((c) => [
      { c, args: ['--help'] },
      { c, args: ['--bogus'] },
    ]);
    const results = await inPairs(jobs, ({ c, args }) => runTsxScript(c.script, args));
    runs = CLIS.map((_, i) => ({ help: results[2 * i], bogus: results[2 * i + 1] }));
  }, 120_000);

  for (const [i, c] of CLIS.entries()) {
    it(`${c.script} --help: the usage on stdout, exit 0`, () => {
      const { help } = runs[i];
      expect(help.code, help.stderr).toBe(0);
      expect(help.stdout.startsWith(c.usage), help.stdout).toBe(true);
      expect(help.stdout).toContain('-h, --help');
      expect(help.stderr).not.toMatch(STACK_TRACE);
    });
    it(`${c.script} --bogus: one line naming the option and the usage on stderr, exit 2`, () => {
      const { bogus } = runs[i];
      expect(bogus.code, bogus.stderr).toBe(2);
      expect(bogus.stderr.split('\n')[0]).toMatch(/^[\w-]+: unknown option '--bogus'$/);
      expect(bogus.stderr).toContain(c.usage);
      expect(bogus.stderr).not.toMatch(STACK_TRACE);
      expect(bogus.stdout).toBe('');
    });
  }
});

describe('build-data inputs are all checked up front', () => {
  let root = '';
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'cinelocal-cli-'));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  /** A folder with only some of the inputs (a header line each: nothing is parsed before the check). */
  function partialDir(name: string, files: string[]): string {
    const dir = join(root, name);
    mkdirSync(dir, { recursive: true });
    for (const f of files) writeFileSync(join(dir, f), 'id\n');
    return dir;
  }

  it('checkInputs names every missing file, links.csv standing for both links files', async () => {
    const dir = partialDir('some', ['movies_metadata.csv', 'keywords.csv']);
    const error = await checkInputs(dir, 'small').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MissingInputsError);
    const problems = (error as MissingInputsError).problems.map((p) => p.path);
    expect(problems).toEqual([join(dir, 'credits.csv'), join(dir, 'links.csv'), join(dir, 'ratings_small.csv')]);
    expect((error as Error).message).toContain('links_small.csv is missing too');
    expect((error as Error).message).toMatch(/^3 input files are missing or unreadable in /);
  });

  it('checkInputs returns the paths (links_small.csv when links.csv is absent) and refuses a directory as a file', async () => {
    const dir = partialDir('all', ['movies_metadata.csv', 'credits.csv', 'keywords.csv', 'links_small.csv', 'ratings_small.csv']);
    expect((await checkInputs(dir, 'small')).links).toBe(join(dir, 'links_small.csv'));
    await expect(checkInputs(dir, 'full')).rejects.toThrow(`${join(dir, 'ratings.csv')}: cannot read input file (ENOENT)`);
    mkdirSync(join(dir, 'ratings.csv'));
    await expect(checkInputs(dir, 'full')).rejects.toThrow(/ratings\.csv: cannot read input file \(not a file\)/);
    await expect(checkInputs(join(dir, 'nope'), 'small')).rejects.toThrow(/nope: data directory does not exist/);
  });

  it('the CLI exits 1 naming every missing file, with --data and with an incomplete ./data; the demo only without ./data', async () => {
    const given = partialDir('given', ['movies_metadata.csv', 'links.csv']);
    const cwd = join(root, 'project');
    const dataDir = partialDir('project/data', ['credits.csv']);
    const noData = join(root, 'no-data');
    mkdirSync(noData);
    const [withData, withDotData, demo] = await inPairs(
      [
        { args: ['--data', given, '--out', join(root, 'out-given')], cwd: REPO },
        { args: ['--out', join(root, 'out-project')], cwd },
        { args: ['--out', join(root, 'out-demo'), '--json'], cwd: noData },
      ],
      ({ args, cwd }) => runTsxScript('scripts/build-data.ts', args, { cwd }),
    );
    expect(withData.code, withData.stderr).toBe(1);
    for (const f of ['credits.csv', 'keywords.csv', 'ratings_small.csv']) expect(withData.stderr).toContain(join(given, f));
    expect(withData.stderr).not.toContain(join(given, 'movies_metadata.csv'));
    expect(withData.stderr).not.toMatch(STACK_TRACE);

    expect(withDotData.code, withDotData.stderr + withDotData.stdout).toBe(1);
    expect(withDotData.stderr.split('\n')[0]).toBe(`build-data: 4 input files are missing or unreadable in ${dataDir}:`);
    for (const f of ['movies_metadata.csv', 'keywords.csv', 'links.csv', 'ratings_small.csv']) expect(withDotData.stderr).toContain(join(dataDir, f));
    expect(withDotData.stdout).not.toMatch(/demo catalog/);
    expect(withDotData.stderr).not.toMatch(STACK_TRACE);

    expect(demo.code, demo.stderr).toBe(0);
    expect(demo.stderr).toMatch(/no \.\/data folder and no --data given, using the generated demo catalog/);
    expect(JSON.parse(demo.stdout).dataset).toMatch(/demo/i);
  }, 60_000);
});
