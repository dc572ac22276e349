// The repo's tsx scripts run as child processes, the way the CLI tests run them, and a two-at-a-time queue for such runs.
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');

export interface ScriptRun {
  /** The exit code; null when the process was killed (as after the timeout). */
  code: number | null;
  stdout: string;
  /** Without npm's own "npm warn" lines (npx prints them on some machines). */
  stderr: string;
  /** Wall time from spawn to close. */
  ms: number;
}

export interface ScriptRunOptions {
  /** Where the script runs (default: the repo). */
  cwd?: string;
  /** SIGKILL after this long (default 60 s). */
  timeoutMs?: number;
  /** The child's environment (default: this process's); NO_COLOR=1 is always set. */
  env?: NodeJS.ProcessEnv;
  /**
   * 'npx': `npx tsx <script>`, as the docs say to run the scripts (works only with the repo as cwd, the default there);
   * 'bin': the repo's node_modules/.bin/tsx directly (the default for any other cwd).
   */
  launcher?: 'npx' | 'bin';
}

/** Runs `tsx <script> ...args` in a child process; the script path is taken relative to the repo. */
export function runTsxScript(script: string, args: string[], options: ScriptRunOptions = {}): Promise<ScriptRun> {
  const { cwd = REPO_ROOT, timeoutMs = 60_000, env = process.env } = options;
  const launcher = options.launcher ?? (cwd === REPO_ROOT ? 'npx' : 'bin');
  const [command, prefix] = launcher === 'npx' ? ['npx', ['tsx']] : [join(REPO_ROOT, 'node_modules/.bin/tsx'), []];
  const started = performance.now();
  return new Promise((done, fail) => {
    const child = spawn(command, [...prefix, resolve(REPO_ROOT, script), ...args], { cwd, env: { ...env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', fail);
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr: stderr.replace(/^npm warn .*\n/gm, ''), ms: performance.now() - started });
    });
  });
}

/** `work` on every item, two at a time (the machine has two cores); the results in the items' order. */
export async function inPairs<T, R>(items: T[], work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    [0, 1].map(async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await work(items[i]);
      }
    }),
  );
  return results;
}
