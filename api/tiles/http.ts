import { createHash } from 'node:crypto';
import type { NetworkRequest } from '../../src/requests/bounds.js';

/** Tile requests that may wait for the tile worker: a map asks for a screenful (20 to 60) at once. */
export const JOB_POOL_QUEUE = 256;

/** The version tag of the tile URLs: a version's entity tag without its quotes. */
export const versionTag = (etag: string) => etag.replace(/^W\/|"/g, '');

/** Network options in a canonical order, for keys and URLs. */
const canonical = (n: NetworkRequest) => ({ headends: [...new Set(n.headends)].sort(), includePlanned: n.includePlanned, withLinks: [...new Set(n.withLinks)].sort() });

/** A strong entity tag of one tile: the version, the network options and the address. */
export function tileEtag(etag: string, network: NetworkRequest, z: number, x: number, y: number): string {
  const options = createHash('sha256').update(JSON.stringify(canonical(network))).digest('hex').slice(0, 12);
  return `"${versionTag(etag)}-${options}-${z}-${x}-${y}"`;
}

/** Immutable for a year when the URL names the current version; otherwise revalidated each time (its ETag). */
export function tileCacheControl(v: string | undefined, etag: string): string {
  return v === versionTag(etag) ? 'public, max-age=31536000, immutable' : 'no-cache';
}

/** The absolute XYZ URL template of tiles.json, with the network options and the version tag. */
export function tileTemplate(root: string, id: string, network: NetworkRequest, version: string): string {
  const query = new URLSearchParams();
  const { headends, includePlanned, withLinks } = canonical(network);
  for (const h of headends) query.append('headend', h);
  if (includePlanned) query.append('includePlanned', 'true');
  for (const l of withLinks) query.append('withLink', l);
  query.append('v', version);
  return `${root}/v1/topologies/${encodeURIComponent(id)}/tiles/{z}/{x}/{y}.mvt?${query}`;
}
