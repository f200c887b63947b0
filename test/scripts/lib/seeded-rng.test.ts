import { describe, expect, test } from "bun:test";
import { createRng } from "../../../scripts/lib/seeded-rng.ts";

const draw = (n: number, f: () => number): number[] => Array.from({ length: n }, f);
const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
const variance = (xs: number[]): number => {
  const m = mean(xs);
  return mean(xs.map((x) => (x - m) ** 2));
};

describe("createRng", () => {
  test("the same seed gives the same stream, another seed another", () => {
    const a = createRng(42);
    const b = createRng(42);
    const c = createRng(43);
    const first = draw(5, () => a.next());
    expect(draw(5, () => b.next())).toEqual(first);
    expect(draw(5, () => c.next())).not.toEqual(first);
  });

  test("next() stays in [0, 1)", () => {
    const rng = createRng(1);
    const xs = draw(10_000, () => rng.next());
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    expect(mean(xs)).toBeCloseTo(0.5, 1);
  });

  test("distributions have the right moments", () => {
    const rng = createRng(2);
    const normal = draw(20_000, () => rng.normal(3, 2));
    expect(mean(normal)).toBeCloseTo(3, 1);
    expect(Math.sqrt(variance(normal))).toBeCloseTo(2, 1);
    // Gamma(k, θ): mean kθ, variance kθ².
    const gamma = draw(20_000, () => rng.gamma(1.6, 10));
    expect(mean(gamma) / 16).toBeCloseTo(1, 1);
    expect(variance(gamma) / 160).toBeCloseTo(1, 1);
    const small = draw(20_000, () => rng.gamma(0.5, 2));
    expect(mean(small)).toBeCloseTo(1, 1);
    const poisson = draw(20_000, () => rng.poisson(1.2));
    expect(mean(poisson)).toBeCloseTo(1.2, 1);
    expect(variance(poisson)).toBeCloseTo(1.2, 1);
  });

  test("choice follows the probabilities", () => {
    const rng = createRng(4);
    const counts = [0, 0, 0];
    for (let i = 0; i < 20_000; i++) {
      const k = rng.choice([0.55, 0.24, 0.21]);
      counts[k] = (counts[k] ?? 0) + 1;
    }
    expect(counts.map((c) => c / 20_000)).toEqual([
      expect.closeTo(0.55, 1),
      expect.closeTo(0.24, 1),
      expect.closeTo(0.21, 1),
    ]);
  });

  test("shuffle permutes a copy", () => {
    const items = Array.from({ length: 50 }, (_, i) => i);
    const shuffled = createRng(5).shuffle(items);
    expect(shuffled).not.toEqual(items);
    expect([...shuffled].sort((a, b) => a - b)).toEqual(items);
    expect(items[0]).toBe(0);
  });
});
