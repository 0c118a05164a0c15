import { parseArgs } from 'node:util';
import { DatabaseError, InvalidOptionError, TopologyError, UnknownReferenceError } from '../model/errors.js';
import { RequestError } from '../requests/request-error.js';
import { NETWORK_FLAGS } from './arguments.js';
import { type Command, EXIT, type Io, UsageError } from './command.js';

/**
 * Every command, in the order `--help` lists them, loaded when it runs: a command reads only
 * the modules it needs (all of them took 0.6 s to load before `analyse` read a byte).
 */
const COMMANDS: Readonly<Record<string, () => Promise<Command>>> = {
  validate: () => import('./commands/validate.js').then((m) => m.validateCommand),
  info: () => import('./commands/info.js').then((m) => m.infoCommand),
  export: () => import('./commands/export.js').then((m) => m.exportCommand),
  analyse: () => import('./commands/analyse.js').then((m) => m.analyseCommand),
  cut: () => import('./commands/cut.js').then((m) => m.cutCommand),
  route: () => import('./commands/route.js').then((m) => m.routeCommand),
  saturation: () => import('./commands/saturation.js').then((m) => m.saturationCommand),
  sweep: () => import('./commands/sweep.js').then((m) => m.sweepCommand),
  availability: () => import('./commands/availability.js').then((m) => m.availabilityCommand),
  rank: () => import('./commands/rank.js').then((m) => m.rankCommand),
  plan: () => import('./commands/plan.js').then((m) => m.planCommand),
  propose: () => import('./commands/propose.js').then((m) => m.proposeCommand),
  report: () => import('./commands/report.js').then((m) => m.reportCommand),
  import: () => import('./commands/import.js').then((m) => m.importCommand),
};

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
    io.out(await help());
    return name ? EXIT.ok : EXIT.usage;
  }
  if (!Object.hasOwn(COMMANDS, name)) {
    io.err(`fibre-resilience: unknown command "${name}"\n\n${await help()}`);
    return EXIT.usage;
  }
  const command = await COMMANDS[name]();
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

async function help(): Promise<string> {
  const commands = await Promise.all(Object.values(COMMANDS).map((load) => load()));
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'fibre-resilience — plans the resilience of a fibre network',
    '',
    'usage: fibre-resilience <command> FILE [options]',
    '',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Options shared by the analysis commands: --headend ID (repeatable), --include-planned,',
    '--with-link ID (repeatable), --json. Exit codes: 0 done, 1 invalid input, 2 usage.',
    '',
  ].join('\n');
}
