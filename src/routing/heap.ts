/**
 * A binary min-heap of (key, value) pairs on typed arrays, for Dijkstra with lazy deletion:
 * a value may be pushed several times and the caller skips the stale pops. It grows by
 * doubling and is reused across searches with `clear()`, so a search allocates nothing.
 *
 * @example
 * const heap = new MinHeap();
 * heap.push(2.5, 7);
 * heap.push(1, 3);
 * heap.pop(); // 3 (heap.lastKey is 1)
 */
export class MinHeap {
  private keys: Float64Array;
  private values: Int32Array;
  private count = 0;
  /** Key of the value returned by the last `pop()`. */
  lastKey = 0;

  constructor(capacity = 1024) {
    this.keys = new Float64Array(Math.max(capacity, 16));
    this.values = new Int32Array(Math.max(capacity, 16));
  }

  get size(): number {
    return this.count;
  }

  /** The least key; the heap must not be empty. */
  peekKey(): number {
    return this.keys[0];
  }

  clear(): void {
    this.count = 0;
  }

  push(key: number, value: number): void {
    if (this.count === this.keys.length) this.grow();
    const keys = this.keys;
    const values = this.values;
    let i = this.count++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (keys[parent] <= key) break;
      keys[i] = keys[parent];
      values[i] = values[parent];
      i = parent;
    }
    keys[i] = key;
    values[i] = value;
  }

  /** Removes and returns the value with the least key; `lastKey` holds its key. Heap must not be empty. */
  pop(): number {
    const keys = this.keys;
    const values = this.values;
    const top = values[0];
    this.lastKey = keys[0];
    const n = --this.count;
    if (n > 0) {
      const key = keys[n];
      const value = values[n];
      let i = 0;
      for (;;) {
        let child = 2 * i + 1;
        if (child >= n) break;
        if (child + 1 < n && keys[child + 1] < keys[child]) child++;
        if (keys[child] >= key) break;
        keys[i] = keys[child];
        values[i] = values[child];
        i = child;
      }
      keys[i] = key;
      values[i] = value;
    }
    return top;
  }

  private grow(): void {
    const keys = new Float64Array(this.keys.length * 2);
    const values = new Int32Array(this.values.length * 2);
    keys.set(this.keys);
    values.set(this.values);
    this.keys = keys;
    this.values = values;
  }
}
