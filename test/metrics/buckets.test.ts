import { expect, test } from "bun:test";
import { batchRowsBuckets, durationBuckets } from "../../src/metrics/buckets.ts";

test("duration buckets rise strictly and resolve sub-millisecond times", () => {
  expect([...durationBuckets].sort((a, b) => a - b)).toEqual([...durationBuckets]);
  expect(new Set(durationBuckets).size).toBe(durationBuckets.length);
  expect(durationBuckets.filter((bound) => bound < 0.001).length).toBeGreaterThanOrEqual(6);
  expect(durationBuckets[0]).toBe(0.00001);
  expect(durationBuckets.at(-1)).toBe(10);
});

test.each([
  [1, [1]],
  [2, [1, 2]],
  [64, [1, 2, 4, 8, 16, 32, 64]],
  [100, [1, 2, 4, 8, 16, 32, 64, 100]],
])("batch-rows buckets for a largest batch of %d", (max, expected) => {
  expect(batchRowsBuckets(max)).toEqual(expected);
});
