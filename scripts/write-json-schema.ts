import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { topologyJsonSchema } from '../src/model/json-schema.js';

const target = fileURLToPath(new URL('../topology/fibre-topology-1.schema.json', import.meta.url));
writeFileSync(target, `${JSON.stringify(topologyJsonSchema(), null, 2)}\n`);
console.log(`wrote ${target}`);
