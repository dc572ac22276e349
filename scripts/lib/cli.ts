/**
 * Command-line arguments for the CLIs in scripts/: one behaviour for all of them, built on node:util `parseArgs`
 * (strict: unknown options, missing values and stray positionals are errors).
 *
 *   import { defineCli } from './lib/cli';
 *
 *   const cli = defineCli({
 *     name: 'search',                                         // prefixes error lines: "search: unknown option '--bogus'"
 *     usage: 'npm run search -- --query "<title words>" [--limit 10] [--json]',   // printed after "usage: "
 *     description: 'Title search over built shards.',         // optional; --help prints it under the usage line
 *     options: {
 *       query: { type: 'string', required: true, value: 'words', description: 'title words to look for' },
 *       limit: { type: 'integer', default: 10, min: 1, description: 'most titles to print' },
 *       'test-fraction': { type: 'number', default: 0.2, min: 0, max: 1 },
 *       ratings: { type: 'string', default: 'small', choices: ['small', 'full'] },
 *       json: { type: 'boolean', short: 'j', description: 'print JSON instead of a table' },
 *     },
 *   });
 *   const { values } = cli.parse();          // parses process.argv.slice(2); cli.parse(argv) for another array
 *   values.limit;                            // number; values.ratings: 'small' | 'full'; values.json: boolean
 *   if (values.limit > 100) cli.fail('--limit must be at most 100');   // your own checks: same output, exit 2
 *
 * Option kinds: 'boolean' (a flag, false when absent), 'string', 'number' and 'integer' (converted; a value that is not
 * a number, or is outside min..max, is an error naming the option). 'string', 'number' and 'integer' take `default`,
 * `required` (error when absent) and `value` (the placeholder shown by --help); 'string' takes `choices`. Every kind
 * takes `short` (one letter) and `description`. `help`/`-h` is added to every CLI. A flag such as `--no-online` is
 * simply a boolean option named 'no-online'. Positional arguments are refused unless the spec says `positionals: true`.
 *
 * Behaviour:
 *  - `--help` or `-h` anywhere before `--`: the help (usage, description, every option with its default) goes to stdout
 *    and the process exits 0, even when other arguments are wrong.
 *  - A usage error (unknown option, missing or malformed value, value not allowed, missing required option, positional
 *    argument, or `cli.fail(message)`): one line "<name>: <message>", then the usage line, to stderr; exit code 2.
 *    Never a stack trace.
 *  - Types follow the spec: options with a `default` or `required: true`, and booleans, are never undefined.
 *
 * For tests, `parseCliArgs(spec, argv)` is the pure part: it returns { help: true } or the values, and throws
 * CliUsageError; `defineCli(spec, io)` takes an io object ({ stdout, stderr, exit }) in place of the process.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

interface OptionBase {
  /** One letter: `short: 'j'` makes `-j` the same as the long option. */
  short?: string;
  /** One line for --help. */
  description?: string;
}

export interface BooleanOption extends OptionBase {
  type: 'boolean';
}

export interface StringOption extends OptionBase {
  type: 'string';
  default?: string;
  required?: boolean;
  /** The only values allowed; the parsed value is typed as their union. */
  choices?: readonly string[];
  /** Placeholder shown by --help: `--out <dir>`. Default: the choices joined with "|", or "value". */
  value?: string;
}

export interface NumberOption extends OptionBase {
  /** 'integer' refuses fractions; both refuse anything that is not a plain decimal number. */
  type: 'number' | 'integer';
  default?: number;
  required?: boolean;
  /** Inclusive bounds. */
  min?: number;
  max?: number;
  /** Placeholder shown by --help. Default: "n". */
  value?: string;
}

export type CliOption = BooleanOption | StringOption | NumberOption;
export type CliOptions = Record<string, CliOption>;

export interface CliSpec<O extends CliOptions> {
  /** Prefix of error lines, e.g. the npm script name. */
  name: string;
  /** The synopsis (without "usage: "); several lines allowed. */
  usage: string;
  /** Shown by --help between the usage and the options. */
  description?: string;
  options: O;
  /** Accept positional arguments (returned as `positionals`). Default false: a positional is a usage error. */
  positionals?: boolean;
}

type OptionValue<T> = T extends { type: 'boolean' }
  ? boolean
  : T extends { type: 'number' | 'integer' }
    ? number
    : T extends { choices: readonly (infer C extends string)[] }
      ? C
      : string;

/** The parsed values: booleans, options with a default and required options are never undefined. */
export type CliValues<O extends CliOptions> = {
  [K in keyof O]: O[K] extends { type: 'boolean' } | { default: string | number } | { required: true } ? OptionValue<O[K]> : OptionValue<O[K]> | undefined;
};

export interface CliArgs<O extends CliOptions> {
  values: CliValues<O>;
  positionals: string[];
}

/** A mistake in the command line: printed as one line plus the usage, exit code 2. */
export class CliUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliUsageError';
  }
}

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  exit(code: number): never;
}

const processIo: CliIo = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
  exit: (code) => process.exit(code),
};

export interface Cli<O extends CliOptions> {
  /** Parses argv (default process.argv.slice(2)); on --help or a usage error it prints and exits. */
  parse(argv?: string[]): CliArgs<O>;
  /** Reports a usage error found by the script itself: "<name>: <message>" + usage to stderr, exit 2. */
  fail(message: string): never;
  /** The full --help text. */
  help(): string;
}

const HELP_OPTION = { type: 'boolean', short: 'h' } as const;

export function defineCli<const O extends CliOptions>(spec: CliSpec<O>, io: CliIo = processIo): Cli<O> {
  checkSpec(spec);
  const fail = (message: string): never => {
    io.stderr(`${spec.name}: ${message}\n${usageLines(spec)}\n(--help lists every option)\n`);
    return io.exit(2);
  };
  return {
    parse(argv = process.argv.slice(2)) {
      let result: CliArgs<O> | { help: true };
      try {
        result = parseCliArgs(spec, argv);
      } catch (error) {
        if (error instanceof CliUsageError) return fail(error.message);
        throw error;
      }
      if ('help' in result) {
        io.stdout(helpText(spec));
        return io.exit(0);
      }
      return result;
    },
    fail,
    help: () => helpText(spec),
  };
}

/** The pure part of `cli.parse`: { help: true } when asked for help, else the converted values; throws CliUsageError. */
export function parseCliArgs<const O extends CliOptions>(spec: CliSpec<O>, argv: string[]): CliArgs<O> | { help: true } {
  const options: NonNullable<ParseArgsConfig['options']> = { help: HELP_OPTION };
  for (const [name, option] of Object.entries(spec.options)) {
    options[name] = { type: option.type === 'boolean' ? 'boolean' : 'string', ...(option.short ? { short: option.short } : {}) };
  }
  // Help wins over every other mistake; a lenient pass finds it (in `--out=-h`, -h is a value, not a request for help).
  const { tokens } = parseArgs({ args: argv, options, strict: false, allowPositionals: true, tokens: true });
  if (tokens.some((t) => t.kind === 'option' && t.name === 'help')) return { help: true };

  let parsed: { values: Record<string, string | boolean | (string | boolean)[] | undefined>; positionals: string[] };
  try {
    parsed = parseArgs({ args: argv, options, strict: true, allowPositionals: spec.positionals ?? false });
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code !== 'string' || !code.startsWith('ERR_PARSE_ARGS')) throw error;
    throw new CliUsageError(describeParseError(code, (error as Error).message));
  }
  const values: Record<string, string | number | boolean | undefined> = {};
  for (const [name, option] of Object.entries(spec.options)) {
    const raw = parsed.values[name];
    if (option.type === 'boolean') {
      values[name] = raw === true;
      continue;
    }
    if (raw === undefined) {
      if (option.required) throw new CliUsageError(`--${name} is required`);
      values[name] = option.default;
      continue;
    }
    const text = String(raw);
    if (option.type === 'string') {
      if (option.required && text === '') throw new CliUsageError(`--${name} needs a value`);
      if (option.choices && !option.choices.includes(text)) throw new CliUsageError(`--${name} must be ${orList(option.choices)}, got ${JSON.stringify(text)}`);
      values[name] = text;
    } else {
      values[name] = toNumber(name, option, text);
    }
  }
  return { values: values as CliValues<O>, positionals: parsed.positionals };
}

const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i;

function toNumber(name: string, option: NumberOption, text: string): number {
  const kind = option.type === 'integer' ? 'an integer' : 'a number';
  const bounds =
    option.min !== undefined && option.max !== undefined
      ? ` from ${option.min} to ${option.max}`
      : option.min !== undefined
        ? ` ≥ ${option.min}`
        : option.max !== undefined
          ? ` ≤ ${option.max}`
          : '';
  const n = Number(text);
  const ok =
    DECIMAL.test(text.trim()) &&
    Number.isFinite(n) &&
    (option.type !== 'integer' || Number.isSafeInteger(n)) &&
    (option.min === undefined || n >= option.min) &&
    (option.max === undefined || n <= option.max);
  if (!ok) throw new CliUsageError(`--${name} needs ${kind}${bounds}, got ${JSON.stringify(text)}`);
  return n;
}

/** parseArgs' errors, reworded to one short line that names the option. */
function describeParseError(code: string, message: string): string {
  const quoted = /'([^']*)'/.exec(message)?.[1] ?? '';
  const option = /(--[^\s'<]+)/.exec(message)?.[1] ?? quoted;
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `unknown option '${quoted}'`;
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') return `unexpected argument '${quoted}' (this command takes options only)`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    if (/argument missing/.test(message)) return `${option} needs a value`;
    if (/ambiguous/.test(message)) return `${option} needs a value (for a value that starts with "-", write ${option}=<value>)`;
    if (/does not take an argument/.test(message)) return `${option} does not take a value`;
  }
  return message.split('\n')[0];
}

function orList(items: readonly string[]): string {
  const quoted = items.map((c) => JSON.stringify(c));
  return quoted.length === 1 ? quoted[0] : `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}`;
}

function usageLines(spec: CliSpec<CliOptions>): string {
  return spec.usage
    .trim()
    .split('\n')
    .map((line, i) => (i === 0 ? `usage: ${line.trim()}` : `       ${line.trim()}`))
    .join('\n');
}

function helpText(spec: CliSpec<CliOptions>): string {
  const rows: [string, string][] = Object.entries(spec.options).map(([name, option]) => {
    const flag = `${option.short ? `-${option.short}, ` : '    '}--${name}`;
    if (option.type === 'boolean') return [flag, option.description ?? ''];
    const placeholder = option.value ?? (option.type === 'string' ? (option.choices?.join('|') ?? 'value') : 'n');
    const notes = [option.required ? 'required' : '', option.default !== undefined ? `default: ${option.default}` : ''].filter(Boolean).join(', ');
    return [`${flag} <${placeholder}>`, [option.description ?? '', notes ? `(${notes})` : ''].filter(Boolean).join(' ')];
  });
  rows.push(['-h, --help', 'print this help and exit']);
  const width = Math.max(...rows.map(([flag]) => flag.length));
  const lines = [usageLines(spec), ''];
  if (spec.description) lines.push(spec.description.trim(), '');
  lines.push('options:', ...rows.map(([flag, text]) => `  ${flag.padEnd(width)}  ${text}`.trimEnd()));
  return lines.join('\n') + '\n';
}

function checkSpec(spec: CliSpec<CliOptions>): void {
  for (const [name, option] of Object.entries(spec.options)) {
    if (name === 'help' || option.short === 'h') throw new Error(`${spec.name}: --help/-h is built in, do not declare it`);
    if (option.short !== undefined && option.short.length !== 1) throw new Error(`${spec.name}: --${name}: short must be one letter`);
  }
}
