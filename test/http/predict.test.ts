import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createInProcessApp, type InProcessApp } from "../support/in-process-app.ts";
import { churnExample, post, read } from "../utils.ts";

let t: InProcessApp;
beforeAll(async () => {
  t = await createInProcessApp();
});
afterAll(() => t.close());

const variant = (overrides: Record<string, unknown>) => ({ ...churnExample, ...overrides });

describe("POST /api/v1/predict", () => {
  test("answers the SPEC's shape, with probabilities that sum to 1 and a consistent label", async () => {
    const { status, body } = await read(await t.app.handle(post("/api/v1/predict", churnExample)));
    expect(status).toBe(200);
    expect(Object.keys(body).sort()).toEqual([
      "inference_time_ms",
      "label",
      "model_version",
      "prediction",
      "probability",
    ]);
    expect(Object.keys(body.probability)).toEqual(["no_churn", "churn"]);
    expect(body.probability.no_churn + body.probability.churn).toBeCloseTo(1, 5);
    const winner = body.probability.churn > body.probability.no_churn ? 1 : 0;
    expect(body.prediction).toBe(winner);
    expect(body.label).toBe(["no_churn", "churn"][winner]);
    expect(body.model_version).toBe(t.prepared.model.version);
    expect(body.model_version).toMatch(/^[0-9a-f]{12}$/);
    expect(body.inference_time_ms).toBeGreaterThan(0);
  });

  test("short tenure on a month-to-month contract paid electronically is riskier than a long two-year one", async () => {
    const risky = variant({ tenure_months: 1, total_charges: 90, monthly_charges: 90 });
    const loyal = variant({
      tenure_months: 70,
      contract_type: "two-year",
      payment_method: "bank",
      total_charges: 4000,
    });
    const [a, b] = await Promise.all(
      [risky, loyal].map(
        async (input) => (await read(await t.app.handle(post("/api/v1/predict", input)))).body,
      ),
    );
    expect(a.probability.churn).toBeGreaterThan(b.probability.churn + 0.3);
  });
});

describe("POST /api/v1/predict/batch", () => {
  test("returns one result per item, in order, equal to the single predictions", async () => {
    const items = Array.from({ length: 25 }, (_, i) =>
      variant({
        tenure_months: (i * 7) % 121,
        monthly_charges: 20 + i * 3.5,
        total_charges: (20 + i * 3.5) * (1 + ((i * 7) % 121)),
        contract_type: ["month-to-month", "one-year", "two-year"][i % 3],
        payment_method: ["electronic", "mailed", "bank", "credit"][i % 4],
        has_internet: i % 2 === 0,
      }),
    );
    const { status, body } = await read(
      await t.app.handle(post("/api/v1/predict/batch", { items })),
    );
    expect(status).toBe(200);
    expect(body.batch_size).toBe(25);
    expect(body.model_version).toBe(t.prepared.model.version);
    expect(body.results.map((r: { batch_index: number }) => r.batch_index)).toEqual(
      items.map((_, i) => i),
    );
    const singles = await Promise.all(
      items.map(
        async (item) => (await read(await t.app.handle(post("/api/v1/predict", item)))).body,
      ),
    );
    body.results.forEach((result: Record<string, unknown>, i: number) => {
      expect(result.probability).toEqual(singles[i].probability);
      expect(result.label).toBe(singles[i].label);
      expect(result.prediction).toBe(singles[i].prediction);
    });
    // Not all the same answer: the inputs differ, so must the outputs.
    expect(
      new Set(body.results.map((r: { probability: { churn: number } }) => r.probability.churn))
        .size,
    ).toBeGreaterThan(5);
  });

  test("accepts exactly max-batch-items and refuses one more", async () => {
    const items = (n: number) => Array.from({ length: n }, () => churnExample);
    expect((await t.app.handle(post("/api/v1/predict/batch", { items: items(100) }))).status).toBe(
      200,
    );
    const over = await read(
      await t.app.handle(post("/api/v1/predict/batch", { items: items(101) })),
    );
    expect(over.status).toBe(422);
    expect(over.body.error.details).toEqual([
      { path: "/items", message: "must have at most 100 items" },
    ]);
  });
});
