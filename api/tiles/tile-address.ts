import type { NetworkRequest } from '../../src/requests/bounds.js';
import { ApiError } from '../errors.js';

/** One tile of one network. */
export interface TileRequest {
  network: NetworkRequest;
  z: number;
  x: number;
  y: number;
}

const outOfRange = (field: 'z' | 'x' | 'y', message: string) =>
  new ApiError(400, 'invalid-request', `invalid path: ${field}: ${message}`, [{ field, in: 'path', message }]);

/** A 400 naming `z`, `x` or `y` when the tile does not exist: z beyond the deepest zoom, x or y beyond 2^z − 1. */
export function checkTileAddress({ z, x, y }: Pick<TileRequest, 'z' | 'x' | 'y'>, maxzoom: number): void {
  if (z > maxzoom) throw outOfRange('z', `tiles go from zoom 0 to ${maxzoom} (tiles.json maxzoom); overzoom beyond`);
  const last = 2 ** z - 1;
  if (x > last) throw outOfRange('x', `at zoom ${z}, x goes from 0 to ${last}`);
  if (y > last) throw outOfRange('y', `at zoom ${z}, y goes from 0 to ${last}`);
}
