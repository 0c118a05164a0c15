/**
 * Groups `items` by `keys` (each in 0…size-1) into CSR arrays with one counting pass: the items
 * of key k are `items[offset[k] … offset[k+1])`, in their original order.
 *
 * @example
 * bucket(2, [1, 0, 1], [10, 11, 12]); // { offset: [0, 1, 3], items: [11, 10, 12] }
 */
export function bucket(size: number, keys: ArrayLike<number>, items: ArrayLike<number>): { offset: Int32Array; items: Int32Array } {
  const offset = new Int32Array(size + 1);
  for (let i = 0; i < keys.length; i++) offset[keys[i] + 1]++;
  for (let k = 0; k < size; k++) offset[k + 1] += offset[k];
  const cursor = offset.slice(0, size);
  const out = new Int32Array(items.length);
  for (let i = 0; i < keys.length; i++) out[cursor[keys[i]]++] = items[i];
  return { offset, items: out };
}
