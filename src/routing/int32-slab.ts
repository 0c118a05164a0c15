/**
 * Int32 arrays carved out of larger blocks: one buffer per block instead of one per route,
 * which at 1e6 sections spares the garbage collector some 800 000 buffers per routing. Each
 * array is a view (`subarray`) of its block and keeps the whole block alive, so a slab suits
 * arrays that mostly live as long as their neighbours (the routes of a routing), not scratch.
 *
 * @example
 * const slab = new Int32Slab();
 * const sections = slab.take(3); // Int32Array [0, 0, 0], a view of the current block
 */
export class Int32Slab {
  private block: Int32Array;
  private used = 0;

  /** `blockLength`: elements per block (an array longer than that gets a block of its own). */
  constructor(private readonly blockLength = 16_384) {
    this.block = new Int32Array(blockLength);
  }

  /** A fresh zero-filled array of `length` elements. */
  take(length: number): Int32Array {
    if (this.used + length > this.block.length) {
      this.block = new Int32Array(Math.max(this.blockLength, length));
      this.used = 0;
    }
    const array = this.block.subarray(this.used, this.used + length);
    this.used += length;
    return array;
  }
}
