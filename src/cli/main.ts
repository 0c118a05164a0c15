import { parseArgs } from 'node:util';
import { DatabaseError, InvalidOptionError, TopologyError, UnknownReferenceError } from '../model/errors.js';
import { RequestError } from '../requests/request-error.js';
import { NETWORK_FLAGS } from './arguments.js';
import { type Command, EXIT, type Io, UsageError } from './command.js';
import { analyseCommand } from './commands/analyse.js';
import { availabilityCommand } from './commands/availability.js';
import { cutCommand } from './commands/cut.js';
import { exportCommand } from './commands/export.js';
import { importCommand } from './commands/import.js';
import { infoCommand } from './commands/info.js';
import { planCommand } from './commands/plan.js';
import { proposeCommand } from './commands/propose.js';
import { reportCommand } from './commands/report.js';
import { rankCommand } from './commands/rank.js';
import { routeCommand } from './commands/route.js';
import { saturationCommand } from './commands/saturation.js';
import { sweepCommand } from './commands/sweep.js';
import { validateCommand } from './commands/validate.js';

/** Every command, in the order `--help` lists them. */
export const COMMANDS: readonly Command[] = [validateCommand, infoCommand, exportCommand, analyseCommand, cutCommand, routeCommand, saturationCommand, sweepCommand, availabilityCommand, rankCommand, planCommand, proposeCommand, reportCommand, importCommand];

const processIo: Io = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

/**
 * Runs `fibre-resilience` with the given arguments and returns the exit code: 0 done,
 * 1 invalid input (every problem on stderr), 2 usage.
 */
export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(help());
    return name ? EXIT.ok : EXIT.usage;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.err(`fibre-resilience: unknown command "${name}"\n\n${help()}`);
    return EXIT.usage;
  }
  try {
    if (rest.includes('--help') || rest.includes('-h')) {
      io.out(`${command.usage}\n\n${command.summary}\n`);
      return EXIT.ok;
    }
    const { positionals, values } = parseArgs({ args: [...rest], options: command.options, allowPositionals: true, strict: true });
    return await command.run({ positionals, values }, io);
  } catch (error) {
    return report(error, command, io);
  }
}

function report(error: unknown, command: Command, io: Io): number {
  if (error instanceof TopologyError) {
    io.err(`${error.message}\n`);
    for (const p of error.problems) {
      if (p.message !== error.message) io.err(`  ${p.path}${p.id ? ` (${p.id})` : ''}: ${p.message}\n`);
    }
    return EXIT.invalid;
  }
  const flag = (field: string) => command.flags?.[field] ?? NETWORK_FLAGS[field] ?? field;
  if (error instanceof RequestError) {
    const inFile = (field: string) => command.fileFields?.find((f) => field === f || field.startsWith(`${f}.`) || field.startsWith(`${f}[`));
    for (const issue of error.issues) {
      const file = inFile(issue.field);
      // A problem inside a file is located in it by JSON path: `--polygon: $.coordinates[0]: …`.
      const where = file ? `${flag(file)}: $${issue.field.slice(file.length).replace(/^(?=[^.[])/, '.')}` : flag(issue.field);
      io.err(`${command.name}: ${where}: ${issue.message}\n`);
    }
    if (error.issues.every((issue) => inFile(issue.field))) return EXIT.invalid;
    io.err(`usage: ${command.usage}\n`);
    return EXIT.usage;
  }
  if (error instanceof InvalidOptionError) {
    io.err(`${command.name}: ${flag(error.field)}: ${error.reason}\n`);
    return EXIT.usage;
  }
  if (error instanceof UnknownReferenceError) {
    io.err(`${command.name}: ${flag(error.field)}: ${error.reason}\n`);
    return EXIT.invalid;
  }
  if (error instanceof DatabaseError) {
    io.err(`${command.name}: ${error.message}\n`);
    return EXIT.invalid;
  }
  const code = (error as { code?: string }).code;
  if (error instanceof UsageError || code?.startsWith('ERR_PARSE_ARGS')) {
    const message = (error as Error).message.replace(new RegExp(`^${command.name}: `), '');
    io.err(`${command.name}: ${message}\nusage: ${command.usage}\n`);
    return EXIT.usage;
  }
  if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR') {
    io.err(`${command.name}: ${(error as Error).message}\n`);
    return EXIT.invalid;
  }
  throw error;
}

function help(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'fibre-resilience — plans the resilience of a fibre network',
    '',
    'usage: fibre-resilience <command> FILE [options]',
    '',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Options shared by the analysis commands: --headend ID (repeatable), --include-planned,',
    '--with-link ID (repeatable), --json. Exit codes: 0 done, 1 invalid input, 2 usage.',
    '',
  ].join('\n');
}
