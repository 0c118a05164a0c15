import { readFile, stat } from 'node:fs/promises';
import { isSqliteFile, isZipFile } from '../io/file-signature.js';
import { parseJSONBytes, readTopologyFile, topologyFromJSON } from '../io/read-topology.js';
import { NetworkWorkspace } from '../requests/network-workspace.js';
import { type OptionValues, readOptions } from './command.js';

export interface LoadedWorkspace {
  workspace: NetworkWorkspace;
  /** Milliseconds spent reading and validating the file. */
  timings: { read: number; validate: number };
}

const since = (start: number) => Math.round((performance.now() - start) * 10) / 10;

/** Reads and validates the topology a command works on (JSON, GeoJSON or a GraceTHD folder), timing each phase. */
export async function loadWorkspace(file: string, values: OptionValues): Promise<LoadedWorkspace> {
  const options = readOptions(values);
  const start = performance.now();
  // A folder, a zip or a GeoPackage is a GraceTHD delivery: the importer reads and checks it in one go.
  if ((await stat(file)).isDirectory() || (await isSqliteFile(file)) || (await isZipFile(file))) {
    const topology = await readTopologyFile(file, options);
    return { workspace: new NetworkWorkspace(topology), timings: { read: since(start), validate: 0 } };
  }
  const value = parseJSONBytes(await readFile(file), file);
  const read = since(start);
  const topology = topologyFromJSON(value, options);
  return { workspace: new NetworkWorkspace(topology), timings: { read, validate: Math.round((since(start) - read) * 10) / 10 } };
}
