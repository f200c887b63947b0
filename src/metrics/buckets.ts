/**
 * Upper bounds, in seconds, of every duration histogram: from 10 µs, so a sub-millisecond
 * onnxruntime call or queue wait lands in a bucket of its own, up to 10 s, past the longest
 * request timeout a sane client sets. The same bounds everywhere keep the dashboard's queries
 * comparable.
 */
export const durationBuckets: readonly number[] = [
  0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
  0.25, 0.5, 1, 2.5, 5, 10,
];

/**
 * Upper bounds of the rows-per-batch histogram: powers of two up to the largest batch the
 * batcher may form, which is always a bound of its own.
 *
 * @example
 * batchRowsBuckets(64) // [1, 2, 4, 8, 16, 32, 64]
 * batchRowsBuckets(100) // [1, 2, 4, 8, 16, 32, 64, 100]
 */
export function batchRowsBuckets(maxBatchRows: number): number[] {
  const bounds: number[] = [];
  for (let bound = 1; bound < maxBatchRows; bound *= 2) bounds.push(bound);
  bounds.push(maxBatchRows);
  return bounds;
}
