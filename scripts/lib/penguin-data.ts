import { createRng } from "./seeded-rng.ts";

export const SPECIES = ["adelie", "chinstrap", "gentoo"] as const;
export const ISLANDS = ["biscoe", "dream", "torgersen"] as const;

export type Penguin = {
  bill_length_mm: number;
  bill_depth_mm: number;
  flipper_length_mm: number;
  body_mass_g: number;
  island: (typeof ISLANDS)[number];
  is_male: boolean;
};

export interface PenguinRow {
  penguin: Penguin;
  /** Index into SPECIES. */
  species: number;
}

/** Per species: mix, island mix, and mean / sd / male−female difference of each measure. */
const PROFILES = [
  {
    share: 0.44,
    islands: [0.29, 0.37, 0.34],
    billLength: [38.8, 1.9, 2.4],
    billDepth: [18.3, 0.9, 1.4],
    flipper: [190, 5.5, 5],
    mass: [3700, 300, 600],
  },
  {
    share: 0.2,
    islands: [0, 1, 0],
    billLength: [48.8, 2.5, 3.6],
    billDepth: [18.4, 0.8, 1.4],
    flipper: [196, 6, 7],
    mass: [3733, 300, 400],
  },
  {
    share: 0.36,
    islands: [1, 0, 0],
    billLength: [47.5, 2.3, 3.3],
    billDepth: [15, 0.6, 1.5],
    flipper: [217, 4.5, 9],
    mass: [5076, 320, 800],
  },
] as const;

const clamp = (x: number, low: number, high: number): number => Math.min(high, Math.max(low, x));

/**
 * Seeded synthetic penguins, loosely after the Palmer Penguins measurements: Gentoo are heavy
 * with long flippers and shallow bills, Chinstrap have long bills and live on Dream, males are
 * larger. Values stay inside the test model's manifest bounds.
 *
 * @example
 * makePenguinData({ rows: 300, seed: 7 })[0].penguin.island; // "biscoe" | "dream" | "torgersen"
 */
export function makePenguinData(options: { rows?: number; seed?: number } = {}): PenguinRow[] {
  const { rows = 600, seed = 7 } = options;
  const rng = createRng(seed);
  const out: PenguinRow[] = [];
  for (let i = 0; i < rows; i++) {
    const species = rng.choice(PROFILES.map((p) => p.share));
    const p = PROFILES[species] ?? PROFILES[0];
    const isMale = rng.next() < 0.5;
    const sex = isMale ? 0.5 : -0.5;
    const measure = ([mean, sd, maleDiff]: readonly [number, number, number]): number =>
      rng.normal(mean + sex * maleDiff, sd);
    out.push({
      species,
      penguin: {
        bill_length_mm: Math.round(clamp(measure(p.billLength), 30, 60) * 10) / 10,
        bill_depth_mm: Math.round(clamp(measure(p.billDepth), 13, 22) * 10) / 10,
        flipper_length_mm: Math.round(clamp(measure(p.flipper), 170, 235)),
        body_mass_g: Math.round(clamp(measure(p.mass), 2700, 6300) / 25) * 25,
        island: ISLANDS[rng.choice(p.islands)] ?? "biscoe",
        is_male: isMale,
      },
    });
  }
  return out;
}
