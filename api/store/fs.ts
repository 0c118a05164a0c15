import { createReadStream } from 'node:fs';
import * as fs from 'node:fs/promises';
import type { Readable } from 'node:stream';

/** The part of a file handle the store uses. */
export interface StoreFileHandle {
  writeFile(data: string | Uint8Array): Promise<void>;
  sync(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The file-system calls the store makes, injectable so that tests can make a write fail or hang
 * at a chosen step (a crash between the temp write and the rename) on real files.
 */
export interface StoreFs {
  mkdir(path: string, options: { recursive: true }): Promise<unknown>;
  readFile(path: string, encoding: 'utf8'): Promise<string>;
  readdir(path: string): Promise<string[]>;
  open(path: string, flags: 'wx' | 'r'): Promise<StoreFileHandle>;
  rename(from: string, to: string): Promise<void>;
  unlink(path: string): Promise<void>;
  /** The bytes of a file, in chunks: how the store checks and serves a version without holding it whole. */
  createReadStream(path: string): Readable;
}

export const nodeFs: StoreFs = {
  mkdir: (path, options) => fs.mkdir(path, options),
  readFile: (path, encoding) => fs.readFile(path, encoding),
  readdir: (path) => fs.readdir(path),
  open: (path, flags) => fs.open(path, flags),
  rename: (from, to) => fs.rename(from, to),
  unlink: (path) => fs.unlink(path),
  createReadStream: (path) => createReadStream(path),
};

/** `ENOENT` and friends: the file is simply not there. */
export function isMissing(error: unknown): boolean {
  const code = (error as { code?: string }).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}
