import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import {
  batchRequest,
  type ChurnInput,
  churnInput,
  contractTypes,
  createRandom,
  integerBetween,
  paymentMethods,
} from "../../loadtest/payloads.ts";
import { postJson, type ServerProcess, startServer } from "../support/server-process.ts";

const inputs = (seed: number, count: number): ChurnInput[] => {
  const random = createRandom(seed);
  return Array.from({ length: count }, () => churnInput(random));
};

describe("the payload generator", () => {
  test("is reproducible per seed and differs between seeds", () => {
    expect(inputs(7, 20)).toEqual(inputs(7, 20));
    expect(inputs(7, 20)).not.toEqual(inputs(8, 20));
  });

  test("makes varied inputs that reach every bound and enum value", () => {
    const made = inputs(1, 3000);
    expect(new Set(made.map((input) => JSON.stringify(input))).size).toBeGreaterThan(2900);
    const seen = <K extends keyof ChurnInput>(key: K) => new Set(made.map((input) => input[key]));
    expect([...seen("contract_type")].sort()).toEqual([...contractTypes].sort());
    expect([...seen("payment_method")].sort()).toEqual([...paymentMethods].sort());
    for (const bound of [0, 120]) expect(seen("tenure_months").has(bound)).toBe(true);
    for (const bound of [0, 500]) expect(seen("monthly_charges").has(bound)).toBe(true);
    for (const bound of [1, 10]) expect(seen("num_products").has(bound)).toBe(true);
    expect(made.some((input) => input.total_charges === input.monthly_charges)).toBe(true);
    expect(seen("has_internet")).toEqual(new Set([true, false]));
    expect(made.every((input) => input.total_charges >= input.monthly_charges)).toBe(true);
  });

  test("integerBetween stays inside its bounds and reaches both", () => {
    const random = createRandom(3);
    const drawn = new Set(Array.from({ length: 500 }, () => integerBetween(random, 5, 20)));
    expect(Math.min(...drawn)).toBe(5);
    expect(Math.max(...drawn)).toBe(20);
    expect(drawn.size).toBe(16);
  });
});

describe("the real server accepts every payload the generator makes", () => {
  let server: ServerProcess;
  beforeAll(async () => {
    server = await startServer();
  }, 60_000);
  afterAll(async () => {
    expect(await server.stop()).toBe(0);
  });

  test("single predictions", async () => {
    const made = inputs(11, 1500);
    const rejected: { status: number; body: unknown; input: ChurnInput }[] = [];
    for (let start = 0; start < made.length; start += 50) {
      const chunk = made.slice(start, start + 50);
      const answers = await Promise.all(
        chunk.map((input) => postJson(`${server.url}/api/v1/predict`, input)),
      );
      answers.forEach((answer, index) => {
        const ok = answer.status === 200 && typeof answer.body.label === "string";
        if (!ok)
          rejected.push({
            status: answer.status,
            body: answer.body,
            input: chunk[index] as ChurnInput,
          });
      });
    }
    expect(rejected).toEqual([]);
  }, 60_000);

  test("batches of every size the load test and the benchmark send", async () => {
    const random = createRandom(12);
    const sizes = [
      1,
      8,
      32,
      100,
      ...Array.from({ length: 60 }, () => integerBetween(random, 5, 20)),
    ];
    const answers = await Promise.all(
      sizes.map((size) =>
        postJson(`${server.url}/api/v1/predict/batch`, batchRequest(random, size)),
      ),
    );
    expect(answers.map((answer) => answer.status)).toEqual(sizes.map(() => 200));
    expect(answers.map((answer) => (answer.body.results as unknown[]).length)).toEqual(sizes);
  }, 60_000);
});
