/** More slots than any probe visits by chance at half load (about 50 for a million ids). */
const MAX_PROBES = 256;

export interface IdIndexOptions {
  /** Probes past which the index gives up its table for a `Map`. Default 256; tests lower it. */
  maxProbes?: number;
}

/**
 * The elements of a list by string id, built for the two million ids of a national network.
 * There, `Set`s of strings took 2 s of validation, most of it waiting on memory: several
 * dependent reads per id, each missing the cache. This open-addressing table keeps each slot's
 * hash and index side by side in one `Int32Array` and hashes the ids in a pass of their own, so
 * that an insertion or a look-up costs about one cache miss and consecutive ones overlap. Ids crafted to collide (a
 * probe past `maxProbes` slots) turn the index into a `Map`, whose hash V8 seeds per process:
 * slower, never quadratic.
 *
 * @example
 * const index = new IdIndex(['A', 'B', 'A', 7]);
 * index.first; // Int32Array [0, 1, 0, -1]: the third element repeats the first one's id, the fourth has none
 * index.indexOf('B'); // 1
 * index.indexesOf(['B', 7, 'C']); // Int32Array [1, -1, -1]
 */
export class IdIndex {
  /** For each element, the index of the first element with the same id; -1 where the id is no string. */
  readonly first: Int32Array;
  readonly #ids: readonly unknown[];
  /** `[hash, index + 1]` pairs; an index of 0 marks an empty slot. */
  readonly #slots: Int32Array;
  readonly #mask: number;
  readonly #maxProbes: number;
  /** The first index of each id, once the table has been given up. */
  #byId: Map<string, number> | undefined;

  constructor(ids: readonly unknown[], options: IdIndexOptions = {}) {
    let capacity = 16;
    while (capacity < ids.length * 2) capacity *= 2;
    this.#ids = ids;
    this.#slots = new Int32Array(capacity * 2);
    this.#mask = capacity - 1;
    this.#maxProbes = options.maxProbes ?? MAX_PROBES;
    this.first = new Int32Array(ids.length);
    const hashes = new Int32Array(Math.min(BLOCK, ids.length));
    for (let start = 0; start < ids.length && !this.#byId; start += BLOCK) {
      const end = Math.min(start + BLOCK, ids.length);
      hashesOf(ids, start, end, hashes);
      for (let i = start; i < end && !this.#byId; i++) {
        const id = ids[i];
        this.first[i] = typeof id === 'string' ? this.#insert(id, hashes[i - start], i) : -1;
      }
    }
    if (this.#byId) for (let i = 0; i < ids.length; i++) this.first[i] = this.#byId.get(ids[i] as string) ?? -1;
  }

  /** The index of the first element whose id is `id`, or -1. */
  indexOf(id: string): number {
    return this.#byId ? (this.#byId.get(id) ?? -1) : this.#find(id, hashOf(id), true);
  }

  /** For each reference, the index of the first element of that id; -1 for an unknown id or a reference that is no string. */
  indexesOf(refs: readonly unknown[]): Int32Array {
    const hashes = new Int32Array(Math.min(BLOCK, refs.length));
    const found = new Int32Array(refs.length);
    // By hash alone first, so that no probe waits for the id read by the one before; then each
    // answer is checked against its id, and looked up exactly in the rare case of two ids of one hash.
    for (let start = 0; start < refs.length; start += BLOCK) {
      const end = Math.min(start + BLOCK, refs.length);
      hashesOf(refs, start, end, hashes);
      for (let i = start; i < end; i++) {
        const ref = refs[i];
        found[i] = typeof ref === 'string' ? this.#find(ref, hashes[i - start], false) : -1;
      }
    }
    for (let i = 0; i < refs.length; i++) {
      const ref = refs[i];
      if (found[i] >= 0 && this.#ids[found[i]] !== ref) found[i] = this.indexOf(ref as string);
    }
    return found;
  }

  /** The first index of `id`, or when not `exact` of the first id of its hash; -1 when there is none. */
  #find(id: string, hash: number, exact: boolean): number {
    if (this.#byId) return this.#byId.get(id) ?? -1;
    const slots = this.#slots;
    let slot = hash & this.#mask;
    for (let probes = 0; probes < this.#maxProbes; probes++, slot = (slot + 1) & this.#mask) {
      const entry = slots[2 * slot + 1];
      if (entry === 0) return -1;
      if (slots[2 * slot] === hash && (!exact || this.#ids[entry - 1] === id)) return entry - 1;
    }
    return this.#giveUpTable().get(id) ?? -1;
  }

  /** The index of the element first holding `id`: `index` itself when none did. */
  #insert(id: string, hash: number, index: number): number {
    const slots = this.#slots;
    let slot = hash & this.#mask;
    for (let probes = 0; probes < this.#maxProbes; probes++, slot = (slot + 1) & this.#mask) {
      const entry = slots[2 * slot + 1];
      if (entry === 0) {
        slots[2 * slot] = hash;
        slots[2 * slot + 1] = index + 1;
        return index;
      }
      if (slots[2 * slot] === hash && this.#ids[entry - 1] === id) return entry - 1;
    }
    this.#giveUpTable();
    return -1;
  }

  /** The first index of each id by `Map`, from now on. */
  #giveUpTable(): Map<string, number> {
    if (!this.#byId) {
      this.#byId = new Map();
      this.#ids.forEach((id, index) => {
        if (typeof id === 'string' && !this.#byId!.has(id)) this.#byId!.set(id, index);
      });
    }
    return this.#byId;
  }
}

const indexOfList = new WeakMap<readonly unknown[], IdIndex>();

/**
 * The index of a list of elements by their `id` field (undefined where an element has none),
 * built once per list: validation and compilation of the same document share it. A document
 * is never changed once read, so a list's index stays true.
 *
 * @example
 * elementIndex(topology.sites).indexOf('NRO-ABV'); // its index in topology.sites
 */
export function elementIndex(list: readonly unknown[]): IdIndex {
  let index = indexOfList.get(list);
  if (!index) {
    index = new IdIndex(list.map((element) => (typeof element === 'object' && element !== null ? (element as { id?: unknown }).id : undefined)));
    indexOfList.set(list, index);
  }
  return index;
}

const endsOfList = new WeakMap<readonly unknown[], { sites: readonly unknown[]; fields: string; ends: Int32Array }>();

/**
 * For each element of a list, the indices in `sites` of the sites its two end fields name,
 * side by side (`[from₀, to₀, from₁, to₁…]`, -1 for an unknown site or no string), computed
 * once per list: validation checks a section's ends, compilation joins them, with one look-up.
 *
 * @example
 * elementEnds(topology.sections, 'from', 'to', topology.sites); // Int32Array [0, 1, 1, 2, …]
 */
export function elementEnds(list: readonly unknown[], first: string, second: string, sites: readonly unknown[]): Int32Array {
  const fields = `${first} ${second}`;
  const known = endsOfList.get(list);
  if (known && known.sites === sites && known.fields === fields) return known.ends;
  const pairs = new Array<unknown>(2 * list.length);
  for (let i = 0; i < list.length; i++) {
    const element = list[i];
    const fields = typeof element === 'object' && element !== null && !Array.isArray(element) ? (element as Record<string, unknown>) : undefined;
    pairs[2 * i] = fields?.[first];
    pairs[2 * i + 1] = fields?.[second];
  }
  const ends = elementIndex(sites).indexesOf(pairs);
  endsOfList.set(list, { sites, fields, ends });
  return ends;
}

/**
 * Ids hashed in a pass of their own, a block at a time, so that the probes that follow overlap:
 * a block's hashes stay in the cache, and no array as long as the list is made (at 1e6
 * sections, 15 MB more of typed arrays during validation set off a full collection of the
 * whole parsed document).
 */
const BLOCK = 1 << 14;

/** The hashes of values[start … end) into `into` from 0 (0 where a value is no string). */
function hashesOf(values: readonly unknown[], start: number, end: number, into: Int32Array): void {
  for (let i = start; i < end; i++) {
    const value = values[i];
    into[i - start] = typeof value === 'string' ? hashOf(value) : 0;
  }
}

/**
 * FNV-1a over pairs of UTF-16 units (half the chain of multiplications of unit by unit), then
 * murmur3's finaliser so that the low bits, which pick the slot, depend on every unit.
 */
function hashOf(id: string): number {
  const last = id.length - 1;
  let hash = 0x811c9dc5 ^ id.length;
  let i = 0;
  for (; i < last; i += 2) hash = Math.imul(hash ^ (id.charCodeAt(i) | (id.charCodeAt(i + 1) << 16)), 0x01000193);
  if (i === last) hash = Math.imul(hash ^ id.charCodeAt(i), 0x01000193);
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
  hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35);
  return hash ^ (hash >>> 16);
}
