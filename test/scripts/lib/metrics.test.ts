import { describe, expect, test } from "bun:test";
import { accuracy, logLoss, rocAuc } from "../../../scripts/lib/metrics.ts";
import { createRng } from "../../../scripts/lib/seeded-rng.ts";

/** AUC by definition: over all positive/negative pairs, 1 if ordered right, 1/2 if tied. */
function pairwiseAuc(labels: number[], scores: number[]): number {
  let sum = 0;
  let pairs = 0;
  labels.forEach((li, i) => {
    labels.forEach((lj, j) => {
      if (li !== 1 || lj !== 0) return;
      const si = scores[i] ?? 0;
      const sj = scores[j] ?? 0;
      sum += si > sj ? 1 : si === sj ? 0.5 : 0;
      pairs += 1;
    });
  });
  return sum / pairs;
}

describe("rocAuc", () => {
  test.each([
    ["perfect ranking", [0, 0, 1, 1], [0.1, 0.2, 0.8, 0.9], 1],
    ["reversed ranking", [1, 1, 0, 0], [0.1, 0.2, 0.8, 0.9], 0],
    ["all scores tied", [0, 1, 0, 1], [0.5, 0.5, 0.5, 0.5], 0.5],
    ["one tie across classes", [0, 1, 1], [0.2, 0.8, 0.2], 0.75],
    ["one misordered pair", [0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8], 0.75],
    ["ties inside a class only", [0, 0, 1, 1], [0.3, 0.3, 0.7, 0.7], 1],
    ["tie block spanning both classes", [0, 1, 0, 1, 1], [0.1, 0.5, 0.5, 0.5, 0.9], 5 / 6],
  ])("%s", (_, labels, scores, expected) => {
    expect(rocAuc(labels, scores)).toBeCloseTo(expected, 12);
  });

  test("equals the pairwise definition on random scores with many ties", () => {
    const rng = createRng(3);
    const labels = Array.from({ length: 300 }, () => (rng.next() < 0.3 ? 1 : 0));
    // Scores on a coarse grid, so ties are common.
    const scores = labels.map((l) => Math.round((rng.next() + 0.3 * l) * 10) / 10);
    expect(rocAuc(labels, scores)).toBeCloseTo(pairwiseAuc(labels, scores), 12);
  });

  test("refuses a single class", () => {
    expect(() => rocAuc([1, 1], [0.2, 0.3])).toThrow(RangeError);
  });
});

describe("logLoss", () => {
  test("is the mean negative log-likelihood", () => {
    expect(logLoss([1, 0], [0.9, 0.1])).toBeCloseTo(-Math.log(0.9), 12);
    expect(logLoss([1, 0, 1], [0.5, 0.5, 0.5])).toBeCloseTo(Math.log(2), 12);
  });

  test("clips certain misses to a finite cost", () => {
    const loss = logLoss([1], [0]);
    expect(Number.isFinite(loss)).toBe(true);
    expect(loss).toBeCloseTo(-Math.log(1e-15), 6);
  });
});

test("accuracy counts matching labels", () => {
  expect(accuracy([0, 1, 1, 0], [0, 1, 0, 0])).toBe(0.75);
});
