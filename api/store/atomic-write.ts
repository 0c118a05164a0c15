import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { StoreFs } from './fs.js';

/** Temporary files are named `.<final name>.<random>.tmp`: hidden, and recognisable after a crash. */
export const TEMP_SUFFIX = '.tmp';

/**
 * Writes `dir/name` so that a crash at any point leaves either the old file or the new one,
 * never a torn one: write a temporary file beside it, fsync it, rename it over the final name
 * (atomic on POSIX file systems), then fsync the folder so the rename itself is durable.
 *
 * @example
 * await atomicWrite(nodeFs, '.data/somme', 'current', '{"version":2}\n');
 */
export async function atomicWrite(fs: StoreFs, dir: string, name: string, data: string | Uint8Array): Promise<void> {
  const temp = join(dir, `.${name}.${randomBytes(6).toString('hex')}${TEMP_SUFFIX}`);
  const handle = await fs.open(temp, 'wx');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await fs.rename(temp, join(dir, name));
  } catch (error) {
    await fs.unlink(temp).catch(() => undefined);
    throw error;
  }
  await syncDirectory(fs, dir);
}

/** Makes the entries of a folder (a rename, a new file) durable. */
export async function syncDirectory(fs: StoreFs, dir: string): Promise<void> {
  const handle = await fs.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
