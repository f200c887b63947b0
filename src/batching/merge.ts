/** A run of consecutive rows of one request that goes into a batch. */
export interface Slice {
  /** Index of the request among those being merged. */
  request: number;
  /** First row of the request in this slice. */
  from: number;
  rows: number;
}

/**
 * Concatenates the slices' rows (row-major, `width` columns) into one batch.
 *
 * @example
 * mergeRows([new Float32Array([1, 2]), new Float32Array([3, 4, 5, 6])],
 *   [{ request: 0, from: 0, rows: 1 }, { request: 1, from: 1, rows: 1 }], 2)
 * // Float32Array [1, 2, 5, 6]
 */
export function mergeRows(
  inputs: readonly Float32Array[],
  slices: readonly Slice[],
  width: number,
): Float32Array {
  const total = slices.reduce((sum, slice) => sum + slice.rows, 0);
  const batch = new Float32Array(total * width);
  let at = 0;
  for (const slice of slices) {
    const input = inputs[slice.request] as Float32Array;
    batch.set(input.subarray(slice.from * width, (slice.from + slice.rows) * width), at);
    at += slice.rows * width;
  }
  return batch;
}

/**
 * The inverse of mergeRows for the model's output: copies each slice's output rows
 * (`width` values per row) to its place in its request's output.
 */
export function splitRows(
  output: Float32Array,
  slices: readonly Slice[],
  width: number,
  outputs: readonly Float32Array[],
): void {
  let at = 0;
  for (const slice of slices) {
    const target = outputs[slice.request] as Float32Array;
    target.set(output.subarray(at, at + slice.rows * width), slice.from * width);
    at += slice.rows * width;
  }
}
