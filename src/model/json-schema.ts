import { z } from 'zod';
import { Topology } from './schema.js';

/**
 * The JSON Schema (draft 2020-12) of the `fibre-topology/1` format, generated from the zod
 * schema so that the two never disagree. `npm run schema` writes it to
 * `topology/fibre-topology-1.schema.json`; a test fails when that file is stale.
 *
 * @example
 * topologyJsonSchema().properties.format; // { type: 'string', const: 'fibre-topology/1' }
 */
export function topologyJsonSchema() {
  return {
    ...z.toJSONSchema(Topology, { target: 'draft-2020-12' }),
    $id: 'https://fibre-resilience.invalid/schemas/fibre-topology-1.schema.json',
    title: 'fibre-topology/1',
    description:
      'A fibre network: sites (head-ends, POPs, NROs, junctions), conduit sections by owner, candidate redundancy links, desaturation works and the totals declared by the source. Structural rules only; ids, references and capacities are checked by `fibre-resilience validate`.',
  };
}
