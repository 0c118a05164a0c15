import { readFile, stat } from 'node:fs/promises';
import { compileNetwork, type CompiledNetwork } from '../graph/compile.js';
import { parseJSON, readTopologyFile, topologyFromJSON } from '../io/read-topology.js';
import type { Topology } from '../model/schema.js';
import { networkOptions, type OptionValues, readOptions } from './command.js';

export interface LoadedNetwork {
  topology: Topology;
  net: CompiledNetwork;
  /** Milliseconds spent in each phase. */
  timings: { read: number; validate: number; compile: number };
}

/** Reads, validates and compiles the network a command works on, timing each phase. */
export async function loadNetwork(file: string, values: OptionValues): Promise<LoadedNetwork> {
  const options = readOptions(values);
  let t = performance.now();
  const lap = () => {
    const now = performance.now();
    const ms = Math.round((now - t) * 10) / 10;
    t = now;
    return ms;
  };
  let topology: Topology;
  let read: number;
  let validate: number;
  if (!(await stat(file)).isDirectory()) {
    const value = parseJSON(await readFile(file, 'utf8'), file);
    read = lap();
    topology = topologyFromJSON(value, options);
    validate = lap();
  } else {
    topology = await readTopologyFile(file, options);
    read = lap();
    validate = 0;
  }
  const net = compileNetwork(topology, networkOptions(values));
  return { topology, net, timings: { read, validate, compile: lap() } };
}
