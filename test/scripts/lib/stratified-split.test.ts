import { describe, expect, test } from "bun:test";
import { createRng } from "../../../scripts/lib/seeded-rng.ts";
import { stratifiedShards, stratifiedSplit } from "../../../scripts/lib/stratified-split.ts";

const labels = Array.from({ length: 1000 }, (_, i) => (i % 10 < 3 ? 1 : 0)); // 30 % positives
const share = (ids: number[]): number => ids.filter((i) => labels[i] === 1).length / ids.length;

describe("stratifiedSplit", () => {
  test("keeps the class shares and partitions the rows", () => {
    const { train, test: holdout } = stratifiedSplit(labels, 0.2, createRng(1));
    expect(holdout).toHaveLength(200);
    expect(train).toHaveLength(800);
    expect(share(holdout)).toBe(0.3);
    expect(share(train)).toBe(0.3);
    expect([...train, ...holdout].sort((a, b) => a - b)).toEqual(labels.map((_, i) => i));
  });

  test("is seeded", () => {
    const a = stratifiedSplit(labels, 0.2, createRng(1));
    expect(stratifiedSplit(labels, 0.2, createRng(1))).toEqual(a);
    expect(stratifiedSplit(labels, 0.2, createRng(2)).test).not.toEqual(a.test);
  });
});

describe("stratifiedShards", () => {
  test("deals disjoint shards of equal size and class mix", () => {
    const indices = labels.map((_, i) => i).filter((i) => i % 2 === 0); // 500 rows, 200 positive
    const shards = stratifiedShards(indices, labels, 5, createRng(3));
    expect(shards.map((s) => s.length)).toEqual([100, 100, 100, 100, 100]);
    expect(shards.map(share)).toEqual([0.4, 0.4, 0.4, 0.4, 0.4]);
    expect(shards.flat().sort((a, b) => a - b)).toEqual(indices);
  });
});
