import { main } from '../../src/cli/main.js';

/** What the CLI printed, text and bytes in order. */
export const textOf = (out: readonly (string | Uint8Array)[]) => Buffer.concat(out.map((t) => (typeof t === 'string' ? Buffer.from(t) : t))).toString('utf8');

/** Runs the CLI in-process as a user would, capturing what it prints. */
export async function runCli(...argv: string[]) {
  const out: (string | Uint8Array)[] = [];
  let stderr = '';
  const code = await main(argv, { out: (t) => out.push(t), err: (t) => (stderr += String(t)) });
  return { code, stdout: textOf(out), stderr };
}

/** Runs a command that must succeed with `--json` among its arguments, and parses what it printed. */
export async function cliJson<T = Record<string, unknown>>(...argv: string[]): Promise<T> {
  const { code, stdout, stderr } = await runCli(...argv);
  if (code !== 0) throw new Error(`fibre-resilience ${argv.join(' ')} exited ${code}: ${stderr}`);
  return JSON.parse(stdout) as T;
}
