import fc from "fast-check";

/** A valid churn prediction input (the request schema and the rule total ≥ monthly). */
export const churnInput = fc
  .record({
    tenure_months: fc.integer({ min: 0, max: 120 }),
    monthly_charges: fc.integer({ min: 0, max: 50_000 }).map((cents) => cents / 100),
    extra_charges: fc.integer({ min: 0, max: 1_000_000 }).map((cents) => cents / 100),
    num_products: fc.integer({ min: 1, max: 10 }),
    has_phone_service: fc.boolean(),
    has_internet: fc.boolean(),
    contract_type: fc.constantFrom("month-to-month", "one-year", "two-year"),
    payment_method: fc.constantFrom("electronic", "mailed", "bank", "credit"),
  })
  .map(({ extra_charges, ...input }) => ({
    ...input,
    total_charges: input.monthly_charges + extra_charges,
  }));

/** `count` valid churn inputs, the same for the same seed. */
export const churnInputs = (count: number, seed: number) =>
  fc.sample(churnInput, { numRuns: count, seed });
