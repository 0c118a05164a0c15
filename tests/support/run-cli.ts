import { main } from '../../src/cli/main.js';

/** Runs the CLI in-process as a user would, capturing what it prints. */
export async function runCli(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { out: (t) => (stdout += t), err: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

/** Runs a command that must succeed with `--json` among its arguments, and parses what it printed. */
export async function cliJson<T = Record<string, unknown>>(...argv: string[]): Promise<T> {
  const { code, stdout, stderr } = await runCli(...argv);
  if (code !== 0) throw new Error(`fibre-resilience ${argv.join(' ')} exited ${code}: ${stderr}`);
  return JSON.parse(stdout) as T;
}
