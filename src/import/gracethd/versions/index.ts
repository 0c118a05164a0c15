import type { GracethdMapping, GracethdVersion } from './mapping.js';
import { V2_0_1 } from './v2-0-1.js';
import { V2_0_2 } from './v2-0-2.js';
import { V3 } from './v3.js';

export type { GracethdMapping, GracethdVersion } from './mapping.js';
export { mappingTables, requiredTables, VERSIONS } from './mapping.js';

/** The mapping of each version the importer reads. */
export const MAPPINGS: Readonly<Record<GracethdVersion, GracethdMapping>> = { '2.0.1': V2_0_1, '2.0.2': V2_0_2, '3.x': V3 };

/** The mapping of a version. */
export const mappingFor = (version: GracethdVersion): GracethdMapping => MAPPINGS[version];
