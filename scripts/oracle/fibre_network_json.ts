/**
 * Prints `fibreNetwork({ sections, seed })` (bench/generate.ts) as JSON on stdout, for the
 * NetworkX oracles that need the generated networks without committing them.
 *
 * Usage: npx tsx scripts/oracle/fibre_network_json.ts SECTIONS SEED
 */
import { fibreNetwork } from '../../bench/generate.js';

const [sections, seed] = process.argv.slice(2).map(Number);
if (!(Number.isInteger(sections) && sections > 0 && Number.isInteger(seed))) {
  process.stderr.write('usage: fibre_network_json.ts SECTIONS SEED\n');
  process.exit(2);
}
process.stdout.write(JSON.stringify(fibreNetwork({ sections, seed })));
