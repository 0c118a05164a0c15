import type { ParseArgsConfig } from 'node:util';
import { parseGracethdVersion } from '../import/gracethd/detect-version.js';
import type { ReadTopologyOptions } from '../io/read-topology.js';

/** Where a command writes: injectable so tests read what a user would see. */
export interface Io {
  /** Text, or UTF-8 bytes (a large JSON report). */
  out(text: string | Uint8Array): void;
  err(text: string): void;
}

export type OptionValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

export interface CommandInput {
  positionals: string[];
  values: OptionValues;
}

/** One `fibre-resilience <name>` command. `run` returns the exit code. */
export interface Command {
  name: string;
  summary: string;
  usage: string;
  options: NonNullable<ParseArgsConfig['options']>;
  /** Request fields as this command's options name them (`years` → `--years`), for error messages. */
  flags?: Record<string, string>;
  /** Request fields read from a file an option names (`polygon` ← `--polygon FILE`): their problems are invalid input, exit 1. */
  fileFields?: readonly string[];
  run(input: CommandInput, io: Io): Promise<number>;
}

/** Wrong words on the command line: exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export const EXIT = { ok: 0, invalid: 1, usage: 2 } as const;

/** Options every command that reads a topology accepts (docs/cli.md). */
export const NETWORK_OPTIONS = {
  headend: { type: 'string', multiple: true },
  'include-planned': { type: 'boolean' },
  'with-link': { type: 'string', multiple: true },
  json: { type: 'boolean' },
  crs: { type: 'string' },
  view: { type: 'string' },
  'gracethd-version': { type: 'string' },
} as const satisfies NonNullable<ParseArgsConfig['options']>;

export const strings = (value: OptionValues[string]): string[] =>
  value === undefined ? [] : (Array.isArray(value) ? value : [value]).map(String);

/** How a file is read: the CRS of GeoJSON, the view and version of a GraceTHD delivery (docs/cli.md). */
export function readOptions(values: OptionValues): ReadTopologyOptions {
  const crs = values.crs;
  if (crs !== undefined && crs !== 'CRS84' && crs !== 'EPSG:2154') {
    throw new UsageError(`--crs: expected CRS84 or EPSG:2154, got "${String(crs)}"`);
  }
  const view = values.view;
  if (view !== undefined && view !== 'backbone' && view !== 'local') throw new UsageError(`--view: expected backbone or local, got "${String(view)}"`);
  const version = values['gracethd-version'];
  return {
    crs: crs as ReadTopologyOptions['crs'],
    gracethd: {
      ...(view !== undefined && { view }),
      ...(version !== undefined && { version: parseGracethdVersion(String(version)) }),
    },
  };
}

/** The single FILE argument of a command. */
export function fileArgument(positionals: string[]): string {
  if (positionals.length !== 1) throw new UsageError(`expected one FILE, got ${positionals.length}`);
  return positionals[0];
}

export const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
