// Varied, valid inputs for the embedded churn model (SPEC "Models"). No k6 imports: the k6
// scripts, the benchmark (scripts/bench) and `bun test` all use this one generator, and a test
// posts what it makes to the real server so it cannot drift from the schema.

export const contractTypes = ["month-to-month", "one-year", "two-year"] as const;
export const paymentMethods = ["electronic", "mailed", "bank", "credit"] as const;

/** One request body of POST /api/v1/predict (one item of a batch); a type, so it is a Record. */
export type ChurnInput = {
  tenure_months: number;
  monthly_charges: number;
  total_charges: number;
  num_products: number;
  has_phone_service: boolean;
  has_internet: boolean;
  contract_type: (typeof contractTypes)[number];
  payment_method: (typeof paymentMethods)[number];
};

/** A uniform number in [0, 1), like Math.random. */
export type Random = () => number;

/**
 * A small seeded generator (mulberry32), so a run's payloads can be reproduced.
 *
 * @example
 * const random = createRandom(42);
 * random(); // the same first value for every run seeded 42
 */
export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An integer in [min, max], both included. */
export function integerBetween(random: Random, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

const pick = <T>(random: Random, values: readonly T[]): T =>
  values[Math.floor(random() * values.length)] as T;
const cents = (value: number) => Math.round(value * 100) / 100;

/** Share of fields drawn at a bound (0, the maximum, total equal to monthly) instead of inside. */
const edgeShare = 0.1;

function tenure(random: Random): number {
  if (random() < edgeShare) return pick(random, [0, 120]);
  return integerBetween(random, 0, 120);
}

function monthlyCharges(random: Random): number {
  if (random() < edgeShare) return pick(random, [0, 500, 0.01, 499.99]);
  // Most bills are ordinary; a few are large accounts.
  return random() < 0.9 ? cents(18 + random() * 102) : cents(120 + random() * 380);
}

function totalCharges(random: Random, monthly: number, months: number): number {
  if (random() < edgeShare) return monthly;
  const billed = cents(monthly * Math.max(months, 1) * (0.9 + random() * 0.2));
  return Math.max(billed, monthly);
}

/**
 * One valid input: every field inside the manifest's bounds and enums, sometimes exactly at a
 * bound, and `total_charges >= monthly_charges` always.
 *
 * @example
 * const body = JSON.stringify(churnInput(createRandom(1)));
 */
export function churnInput(random: Random): ChurnInput {
  const months = tenure(random);
  const monthly = monthlyCharges(random);
  return {
    tenure_months: months,
    monthly_charges: monthly,
    total_charges: totalCharges(random, monthly, months),
    num_products: random() < edgeShare ? pick(random, [1, 10]) : integerBetween(random, 1, 10),
    has_phone_service: random() < 0.85,
    has_internet: random() < 0.75,
    contract_type: pick(random, contractTypes),
    payment_method: pick(random, paymentMethods),
  };
}

/**
 * The body of POST /api/v1/predict/batch with `count` items.
 *
 * @example
 * batchRequest(createRandom(7), 32).items.length; // 32
 */
export function batchRequest(random: Random, count: number): { items: ChurnInput[] } {
  return { items: Array.from({ length: count }, () => churnInput(random)) };
}
