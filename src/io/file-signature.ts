import { open } from 'node:fs/promises';

/**
 * What a file is by its first bytes, read without the libraries that open it: a command that
 * reads a JSON topology loads neither SQLite nor a zip reader.
 */

/** The 16 bytes every SQLite 3 database starts with. */
const SQLITE_MAGIC = new TextEncoder().encode('SQLite format 3\0');

/** Whether bytes start as an SQLite 3 database (hence possibly a GeoPackage). */
export function isSqliteHeader(bytes: Uint8Array): boolean {
  return bytes.length >= SQLITE_MAGIC.length && SQLITE_MAGIC.every((b, i) => bytes[i] === b);
}

/** Whether the file at `path` starts as an SQLite 3 database; false when it cannot be read. */
export async function isSqliteFile(path: string): Promise<boolean> {
  try {
    const handle = await open(path, 'r');
    try {
      const head = new Uint8Array(SQLITE_MAGIC.length);
      const { bytesRead } = await handle.read(head, 0, head.length, 0);
      return isSqliteHeader(head.subarray(0, bytesRead));
    } finally {
      await handle.close();
    }
  } catch {
    return false;
  }
}

/** Whether a file starts as a zip archive (`PK\x03\x04`, or `PK\x05\x06` for an empty one). */
export async function isZipFile(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const head = new Uint8Array(4);
    const { bytesRead } = await handle.read(head, 0, 4, 0);
    return bytesRead === 4 && head[0] === 0x50 && head[1] === 0x4b && ((head[2] === 3 && head[3] === 4) || (head[2] === 5 && head[3] === 6));
  } finally {
    await handle.close();
  }
}

