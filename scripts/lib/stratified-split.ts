import type { SeededRng } from "./seeded-rng.ts";

/** Row indices grouped by class label, each group shuffled. */
function shuffledByClass(labels: readonly number[], rng: SeededRng): number[][] {
  const groups = new Map<number, number[]>();
  labels.forEach((label, i) => {
    const group = groups.get(label) ?? [];
    group.push(i);
    groups.set(label, group);
  });
  return [...groups.keys()]
    .sort((a, b) => a - b)
    .map((label) => rng.shuffle(groups.get(label) ?? []));
}

/**
 * A seeded train/holdout split that keeps every class's share: from each class, a shuffled
 * `testFraction` (rounded) of its rows goes to the holdout. Both index lists are sorted.
 *
 * @example
 * const { train, test } = stratifiedSplit(labels, 0.2, createRng(42));
 */
export function stratifiedSplit(
  labels: readonly number[],
  testFraction: number,
  rng: SeededRng,
): { train: number[]; test: number[] } {
  const train: number[] = [];
  const test: number[] = [];
  for (const group of shuffledByClass(labels, rng)) {
    const testCount = Math.round(group.length * testFraction);
    test.push(...group.slice(0, testCount));
    train.push(...group.slice(testCount));
  }
  return { train: train.sort((a, b) => a - b), test: test.sort((a, b) => a - b) };
}

/**
 * Deals `indices` into `count` disjoint shards of (nearly) equal size and class mix: each
 * class's shuffled rows are dealt round-robin, continuing where the previous class stopped.
 *
 * @example
 * stratifiedShards([0, 1, 2, 3], [0, 0, 1, 1], 2, createRng(1)); // e.g. [[1, 3], [0, 2]]
 */
export function stratifiedShards(
  indices: readonly number[],
  labels: readonly number[],
  count: number,
  rng: SeededRng,
): number[][] {
  const shards = Array.from({ length: count }, () => [] as number[]);
  const subsetLabels = indices.map((i) => labels[i] ?? Number.NaN);
  let next = 0;
  for (const group of shuffledByClass(subsetLabels, rng)) {
    for (const position of group) {
      shards[next % count]?.push(indices[position] ?? -1);
      next += 1;
    }
  }
  return shards;
}
