/**
 * A small seeded pseudo-random generator (sfc32 seeded through splitmix32) with the few
 * distributions the synthetic data sets need. The same seed always gives the same stream, on
 * every platform, because it uses only 32-bit integer arithmetic and IEEE-754 doubles.
 */
export interface SeededRng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform in [low, high). */
  uniform(low: number, high: number): number;
  /** Normal with the given mean and standard deviation (Box–Muller). */
  normal(mean: number, sd: number): number;
  /** Gamma with shape k and scale theta (Marsaglia–Tsang). */
  gamma(shape: number, scale: number): number;
  /** Poisson with mean lambda (Knuth; fine for the small means used here). */
  poisson(lambda: number): number;
  /** An index drawn with the given probabilities (they must sum to 1). */
  choice(probabilities: readonly number[]): number;
  /** Fisher–Yates shuffle of a copy of `items`. */
  shuffle<T>(items: readonly T[]): T[];
}

/**
 * @example
 * const rng = createRng(42);
 * rng.normal(0, 1); // the same number on every run
 */
export function createRng(seed: number): SeededRng {
  let state = seed >>> 0;
  const splitmix32 = (): number => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = splitmix32();
  let b = splitmix32();
  let c = splitmix32();
  let d = splitmix32();

  const nextUint32 = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t;
  };
  // 53 random bits, like Math.random's resolution.
  const next = (): number =>
    ((nextUint32() >>> 5) * 67108864 + (nextUint32() >>> 6)) / 9007199254740992;

  const normal = (mean: number, sd: number): number => {
    const u1 = 1 - next(); // (0, 1], so the log is finite
    const u2 = next();
    return mean + sd * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  };

  const gamma = (shape: number, scale: number): number => {
    if (shape < 1) {
      // Boost: Gamma(k) = Gamma(k + 1) * U^(1/k).
      return gamma(shape + 1, scale) * (1 - next()) ** (1 / shape);
    }
    const dd = shape - 1 / 3;
    const cc = 1 / Math.sqrt(9 * dd);
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = normal(0, 1);
        v = 1 + cc * x;
      } while (v <= 0);
      v = v * v * v;
      const u = 1 - next();
      if (Math.log(u) < 0.5 * x * x + dd - dd * v + dd * Math.log(v)) return dd * v * scale;
    }
  };

  const poisson = (lambda: number): number => {
    const limit = Math.exp(-lambda);
    let k = 0;
    let p = next();
    while (p > limit) {
      k += 1;
      p *= next();
    }
    return k;
  };

  const choice = (probabilities: readonly number[]): number => {
    const u = next();
    let cumulative = 0;
    for (let i = 0; i < probabilities.length; i++) {
      cumulative += probabilities[i] ?? 0;
      if (u < cumulative) return i;
    }
    return probabilities.length - 1;
  };

  const shuffle = <T>(items: readonly T[]): T[] => {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      const tmp = out[i] as T;
      out[i] = out[j] as T;
      out[j] = tmp;
    }
    return out;
  };

  return {
    next,
    uniform: (low, high) => low + (high - low) * next(),
    normal,
    gamma,
    poisson,
    choice,
    shuffle,
  };
}
