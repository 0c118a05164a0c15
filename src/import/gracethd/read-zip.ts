import { Inflate } from 'fflate';
import iconv from 'iconv-lite';
import { crc32 } from 'node:zlib';
import { TopologyError } from '../../model/errors.js';
import { ByteBudget, type Deadline, formatBytes, LineGuard, limitError, type ReadLimits } from './read-limits.js';
import { importError } from './tables.js';

/** An entry of a zip as its central directory describes it. */
export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflate. */
  method: number;
  flags: number;
  crc: number;
  compressedSize: number;
  /** The uncompressed size the central directory declares; checked against the real one. */
  size: number;
  localOffset: number;
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const U16_MAX = 0xffff;
const U32_MAX = 0xffffffff;
const FLAG_ENCRYPTED = 0x1;
const FLAG_DATA_DESCRIPTOR = 0x8;
const FLAG_UTF8 = 0x800;
/**
 * Output allocated for an entry before its real size shows: an entry that declares more grows
 * as it inflates, so that a lying header cannot make us allocate what it never delivers.
 */
const FIRST_ALLOCATION = 64 * 1024 * 1024;
/** Bytes of a stored entry checked at a time. */
const STORED_STEP = 1024 * 1024;
/**
 * Output one push to the inflater should give at most: the compressed bytes pushed at a time
 * follow the ratio seen so far (deflate's worst, 1032:1, before anything is known), so a bomb
 * is fed by the KiB and stops within a few MiB of a bound, ordinary data by 64 KiB.
 */
const PUSH_OUTPUT = 4 * 1024 * 1024;
const MIN_STEP = 1024;
const MAX_STEP = 64 * 1024;
const DEFLATE_MAX_RATIO = 1032;

const notZip = (reason: string) => importError(`not a readable zip archive: ${reason}`);
const corrupt = (path: string, reason: string) => importError(`${path}: corrupt zip archive: ${reason}`, 'corrupt-archive', { path });

/**
 * The entries of a zip, from its central directory (zip64 included). Nothing is inflated.
 * Throws `too-many-entries` when the archive declares over `maxEntries` entries (before reading
 * them), `invalid-delivery` when the bytes are not a zip, `corrupt-archive` when its directory
 * points outside the archive.
 *
 * @example
 * listZipEntries(zipSync({ 'a.csv': bytes }), 10); // [{ name: 'a.csv', method: 8, size: …, … }]
 */
export function listZipEntries(zip: Uint8Array, maxEntries: number): ZipEntry[] {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const eocd = findEndOfCentralDirectory(view);
  let count = view.getUint16(eocd + 10, true);
  let offset = view.getUint32(eocd + 16, true);
  if (view.getUint16(eocd + 4, true) !== 0 || view.getUint16(eocd + 6, true) !== 0) throw notZip('split (multi-disk) archives are not supported');
  if (count === U16_MAX || offset === U32_MAX) ({ count, offset } = zip64Directory(view, eocd));
  if (count > maxEntries) {
    throw limitError(`the zip holds ${count} entries, over the bound of ${maxEntries} (maxEntries)`, 'too-many-entries', '$', 'maxEntries');
  }
  const entries: ZipEntry[] = [];
  try {
    for (let i = 0, at = offset; i < count; i++) {
      const { entry, next } = centralEntry(zip, view, at);
      entries.push(entry);
      at = next;
    }
  } catch (error) {
    if (error instanceof RangeError) throw corrupt('$', 'its central directory runs past the end of the archive');
    throw error;
  }
  return entries;
}

function findEndOfCentralDirectory(view: DataView): number {
  const last = view.byteLength - 22;
  for (let at = last; at >= 0 && at >= last - U16_MAX; at--) {
    if (view.getUint32(at, true) === EOCD) return at;
  }
  throw notZip('no end of central directory record');
}

function zip64Directory(view: DataView, eocd: number): { count: number; offset: number } {
  const locator = eocd - 20;
  if (locator < 0 || view.getUint32(locator, true) !== ZIP64_LOCATOR) throw notZip('zip64 end of central directory locator missing');
  const at = safeNumber(view.getBigUint64(locator + 8, true));
  if (at + 56 > view.byteLength || view.getUint32(at, true) !== ZIP64_EOCD) throw corrupt('$', 'zip64 end of central directory record missing');
  return { count: safeNumber(view.getBigUint64(at + 32, true)), offset: safeNumber(view.getBigUint64(at + 48, true)) };
}

const safeNumber = (value: bigint): number => (value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : Number.POSITIVE_INFINITY);

function centralEntry(zip: Uint8Array, view: DataView, at: number): { entry: ZipEntry; next: number } {
  if (view.getUint32(at, true) !== CENTRAL) throw corrupt('$', `no central directory header at byte ${at}`);
  const flags = view.getUint16(at + 8, true);
  const nameLength = view.getUint16(at + 28, true);
  const extraLength = view.getUint16(at + 30, true);
  const commentLength = view.getUint16(at + 32, true);
  const nameBytes = zip.subarray(at + 46, at + 46 + nameLength);
  if (nameBytes.length !== nameLength) throw new RangeError('name');
  const entry: ZipEntry = {
    name: flags & FLAG_UTF8 ? new TextDecoder().decode(nameBytes) : iconv.decode(Buffer.from(nameBytes), 'cp437'),
    method: view.getUint16(at + 10, true),
    flags,
    crc: view.getUint32(at + 16, true),
    compressedSize: view.getUint32(at + 20, true),
    size: view.getUint32(at + 24, true),
    localOffset: view.getUint32(at + 42, true),
  };
  readZip64Extra(view, at + 46 + nameLength, extraLength, entry);
  return { entry, next: at + 46 + nameLength + extraLength + commentLength };
}

/** Fills the sizes and offset a zip64 extra field holds in place of 0xffffffff. */
function readZip64Extra(view: DataView, start: number, length: number, entry: ZipEntry): void {
  for (let at = start; at + 4 <= start + length; at += 4 + view.getUint16(at + 2, true)) {
    if (view.getUint16(at, true) !== 0x0001) continue;
    let field = at + 4;
    const next = () => {
      const value = safeNumber(view.getBigUint64(field, true));
      field += 8;
      return value;
    };
    if (entry.size === U32_MAX) entry.size = next();
    if (entry.compressedSize === U32_MAX) entry.compressedSize = next();
    if (entry.localOffset === U32_MAX) entry.localOffset = next();
    return;
  }
}

/** Where an entry's data starts, after checking that its local header agrees with the central one. */
function dataStart(zip: Uint8Array, view: DataView, entry: ZipEntry): number {
  const at = entry.localOffset;
  if (at + 30 > zip.length || view.getUint32(at, true) !== LOCAL) throw corrupt(entry.name, 'no local header where the central directory points');
  const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
  if (start + entry.compressedSize > zip.length) throw corrupt(entry.name, 'its data runs past the end of the archive');
  if (view.getUint16(at + 8, true) !== entry.method) throw corrupt(entry.name, 'local and central headers name different compression methods');
  if (!(view.getUint16(at + 6, true) & FLAG_DATA_DESCRIPTOR)) {
    const agree = (offset: number, value: number) => {
      const local = view.getUint32(at + offset, true);
      return local === value || local === U32_MAX;
    };
    if (!agree(14, entry.crc) || !agree(18, entry.compressedSize) || !agree(22, entry.size)) {
      throw corrupt(entry.name, 'local and central headers declare different sizes or CRC-32');
    }
  }
  return start;
}

/** What inflating an entry counts against. */
export interface EntryBounds {
  budget: ByteBudget;
  deadline: Deadline;
  /** For a text file: the line-length bound. */
  guard?: LineGuard;
}

/**
 * The content of one entry, inflated chunk by chunk with fflate's streaming `Inflate`. Stops as
 * soon as the real size passes the size its headers declare (`corrupt-archive`) or a bound of
 * `bounds` (`too-large`, `line-too-long`, `deadline-exceeded`); a real size short of the
 * declared one, or a CRC-32 mismatch, is `corrupt-archive` too.
 */
export async function inflateZipEntry(zip: Uint8Array, entry: ZipEntry, bounds: EntryBounds): Promise<Uint8Array> {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  if (entry.flags & FLAG_ENCRYPTED) throw importError(`${entry.name}: encrypted zip entries are not supported`, 'invalid-delivery', { path: entry.name });
  if (entry.method !== 0 && entry.method !== 8) {
    throw importError(`${entry.name}: zip compression method ${entry.method} is not supported (only stored and deflate)`, 'invalid-delivery', { path: entry.name });
  }
  const start = dataStart(zip, view, entry);
  const compressed = zip.subarray(start, start + entry.compressedSize);
  let out: Uint8Array = new Uint8Array(Math.min(entry.size, FIRST_ALLOCATION));
  let written = 0;
  let crc = 0;
  const take = (chunk: Uint8Array) => {
    bounds.budget.add(entry.name, chunk.length, written + chunk.length);
    if (written + chunk.length > entry.size) throw corrupt(entry.name, `it inflates to more than the ${entry.size} bytes its headers declare`);
    bounds.guard?.push(chunk);
    if (written + chunk.length > out.length) out = grow(out, written, Math.min(entry.size, Math.max(2 * out.length, written + chunk.length)));
    out.set(chunk, written);
    written += chunk.length;
    crc = crc32(chunk, crc);
  };
  if (entry.method === 0) {
    if (entry.compressedSize !== entry.size) throw corrupt(entry.name, 'a stored entry whose sizes differ');
    for (let at = 0; at < compressed.length; at += STORED_STEP) {
      take(compressed.subarray(at, at + STORED_STEP));
      await bounds.deadline.pace(entry.name);
    }
  } else if (compressed.length > 0) {
    await inflateChunks(compressed, entry.name, take, bounds.deadline);
  }
  if (written !== entry.size) throw corrupt(entry.name, `it inflates to ${written} bytes, its headers declare ${entry.size}`);
  if (crc >>> 0 !== entry.crc) throw corrupt(entry.name, 'CRC-32 mismatch: the data is damaged');
  return out;
}

function grow(buffer: Uint8Array, used: number, size: number): Uint8Array {
  const bigger = new Uint8Array(size);
  bigger.set(buffer.subarray(0, used));
  return bigger;
}

async function inflateChunks(compressed: Uint8Array, name: string, take: (chunk: Uint8Array) => void, deadline: Deadline): Promise<void> {
  let inflated = 0;
  const inflater = new Inflate((chunk) => {
    inflated += chunk.length;
    take(chunk);
  });
  try {
    for (let at = 0; at < compressed.length; ) {
      const ratio = at > 0 ? Math.max(1, inflated / at) : DEFLATE_MAX_RATIO;
      const end = Math.min(at + Math.min(MAX_STEP, Math.max(MIN_STEP, Math.floor(PUSH_OUTPUT / ratio))), compressed.length);
      inflater.push(compressed.subarray(at, end), end === compressed.length);
      at = end;
      await deadline.pace(name);
    }
  } catch (error) {
    if (error instanceof TopologyError) throw error;
    throw corrupt(name, `its data does not inflate: ${(error as Error).message}`);
  }
}

/**
 * The entries of a zip that `wanted` selects, inflated under `limits`: the archive may hold
 * at most `maxEntries` entries; the sizes the selected entries declare are checked against
 * `maxEntryBytes` and `maxTotalBytes` before anything is inflated, and their real sizes while
 * inflating; text files (`isText`) have their lines bounded by `maxLineBytes`.
 *
 * @example
 * const files = await readZip(zip, (name) => name.endsWith('.csv'), readLimits(), new Deadline(60_000), isTextFile);
 */
export async function readZip(
  zip: Uint8Array,
  wanted: (name: string) => boolean,
  limits: ReadLimits,
  deadline: Deadline,
  isText: (name: string) => boolean,
): Promise<Map<string, Uint8Array>> {
  const entries = listZipEntries(zip, limits.maxEntries).filter((e) => !e.name.endsWith('/') && wanted(e.name));
  checkDeclaredSizes(entries, limits);
  const budget = new ByteBudget(limits);
  const files = new Map<string, Uint8Array>();
  for (const entry of entries) {
    if (files.has(entry.name)) throw importError(`${entry.name} appears twice in the zip`, 'corrupt-archive', { path: entry.name });
    const guard = isText(entry.name) ? new LineGuard(limits.maxLineBytes, entry.name) : undefined;
    files.set(entry.name, await inflateZipEntry(zip, entry, { budget, deadline, guard }));
  }
  return files;
}

/** Declared sizes are not trusted, but one over a bound is refused before inflating anything. */
function checkDeclaredSizes(entries: readonly ZipEntry[], limits: ReadLimits): void {
  let total = 0;
  for (const entry of entries) {
    if (entry.size > limits.maxEntryBytes) {
      throw limitError(`${entry.name} declares ${entry.size} bytes uncompressed, over ${formatBytes(limits.maxEntryBytes)} (maxEntryBytes)`, 'too-large', entry.name, 'maxEntryBytes');
    }
    total += entry.size;
    if (total > limits.maxTotalBytes) {
      throw limitError(`the tables of the zip declare over ${formatBytes(limits.maxTotalBytes)} uncompressed (maxTotalBytes), passed at ${entry.name}`, 'too-large', entry.name, 'maxTotalBytes');
    }
  }
}
