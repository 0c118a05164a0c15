import { main } from '../../src/cli/main.js';

/** Runs the CLI in-process as a user would, capturing what it prints. */
export async function runCli(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { out: (t) => (stdout += t), err: (t) => (stderr += t) });
  return { code, stdout, stderr };
}
