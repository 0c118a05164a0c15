import type { CompiledNetwork } from '../graph/compile.js';

/**
 * A breadth-first search of up to 32 searches at once, one bit each: a site's mask spreads to
 * a neighbour through the bits the section between them passes, and a site is queued again
 * only when it gains a bit. `reachedUnderGroups` and `reachedAlongBridges` run theirs on it.
 *
 * @example
 * const spread = new MaskSpread(net, passing); // passing: a mask per adjacency entry
 * spread.start(headend, 0b11);
 * spread.run();
 * spread.reached[v]; // the bits of the searches that reach v
 */
export class MaskSpread {
  /** Each site's mask: bit b set when search b reaches it. */
  readonly reached: Int32Array;
  readonly #net: Pick<CompiledNetwork, 'adjOffset' | 'adjSite'>;
  readonly #passing: Int32Array;
  readonly #queued: Uint8Array;
  /** A ring: a site is in it at most once at a time. */
  readonly #queue: Int32Array;
  #head = 0;
  #tail = 0;

  constructor(net: Pick<CompiledNetwork, 'siteCount' | 'adjOffset' | 'adjSite'>, passing: Int32Array) {
    this.#net = net;
    this.#passing = passing;
    this.reached = new Int32Array(net.siteCount);
    this.#queued = new Uint8Array(net.siteCount);
    this.#queue = new Int32Array(net.siteCount + 1);
  }

  /** Sets `v`'s mask and queues it, unless it is queued already. */
  start(v: number, mask: number): void {
    if (this.#queued[v]) return;
    this.reached[v] = mask;
    this.#queued[v] = 1;
    this.#queue[this.#tail] = v;
    this.#tail = this.#tail + 1 === this.#queue.length ? 0 : this.#tail + 1;
  }

  /** Spreads the queued sites' masks until no site gains a bit. */
  run(): void {
    const { adjOffset, adjSite } = this.#net;
    const passing = this.#passing;
    const reached = this.reached;
    const queued = this.#queued;
    const queue = this.#queue;
    let head = this.#head;
    let tail = this.#tail;
    while (head !== tail) {
      const v = queue[head];
      head = head + 1 === queue.length ? 0 : head + 1;
      queued[v] = 0;
      const mask = reached[v];
      for (let i = adjOffset[v]; i < adjOffset[v + 1]; i++) {
        const w = adjSite[i];
        const gained = mask & passing[i] & ~reached[w];
        if (gained === 0) continue;
        reached[w] |= gained;
        if (queued[w]) continue;
        queued[w] = 1;
        queue[tail] = w;
        tail = tail + 1 === queue.length ? 0 : tail + 1;
      }
    }
    this.#head = head;
    this.#tail = tail;
  }
}
