// The compiled binary over a real socket: its answers equal what the exported ONNX model gives
// when run directly with onnxruntime, and batch answers equal single ones, in order.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import * as ort from "onnxruntime-node";
import { postJson, type ServerProcess, startServer } from "../support/server-process.ts";
import { churnExample } from "../utils.ts";

/** Fixed inputs, each with its row encoded by hand from the manifest (not by our encoder). */
const cases = [
  {
    input: churnExample,
    row: [24, 65.5, 1572, 3, 1, 1, 0, 1, 0, 0, 0],
  },
  {
    input: {
      tenure_months: 1,
      monthly_charges: 99.9,
      total_charges: 99.9,
      num_products: 1,
      has_phone_service: false,
      has_internet: true,
      contract_type: "month-to-month",
      payment_method: "electronic",
    },
    row: [1, 99.9, 99.9, 1, 0, 1, 0, 1, 0, 0, 0],
  },
  {
    input: {
      tenure_months: 72,
      monthly_charges: 20.25,
      total_charges: 1450.8,
      num_products: 2,
      has_phone_service: true,
      has_internet: false,
      contract_type: "two-year",
      payment_method: "bank",
    },
    row: [72, 20.25, 1450.8, 2, 1, 0, 2, 0, 0, 1, 0],
  },
  {
    input: {
      tenure_months: 0,
      monthly_charges: 0,
      total_charges: 0,
      num_products: 10,
      has_phone_service: false,
      has_internet: false,
      contract_type: "one-year",
      payment_method: "mailed",
    },
    row: [0, 0, 0, 10, 0, 0, 1, 0, 1, 0, 0],
  },
  {
    input: {
      tenure_months: 120,
      monthly_charges: 500,
      total_charges: 60000,
      num_products: 5,
      has_phone_service: true,
      has_internet: true,
      contract_type: "one-year",
      payment_method: "credit",
    },
    row: [120, 500, 60000, 5, 1, 1, 1, 0, 0, 0, 1],
  },
];

let server: ServerProcess;
let direct: number[][];

beforeAll(async () => {
  server = await startServer();
  const session = await ort.InferenceSession.create(readFileSync("models/churn.onnx"));
  const rows = new Float32Array(cases.flatMap((c) => c.row));
  const result = await session.run({
    features: new ort.Tensor("float32", rows, [cases.length, 11]),
  });
  const probabilities = result.probabilities?.data as Float32Array;
  direct = cases.map((_, i) => [
    probabilities[i * 2] as number,
    probabilities[i * 2 + 1] as number,
  ]);
}, 60_000);

afterAll(async () => {
  expect(await server.stop()).toBe(0);
});

describe("the compiled binary on a real socket", () => {
  test("single predictions equal the exported model run directly, to 1e-6", async () => {
    for (const [index, { input }] of cases.entries()) {
      const { status, body } = await postJson(`${server.url}/api/v1/predict`, input);
      expect(status).toBe(200);
      const probability = body.probability as { no_churn: number; churn: number };
      const [noChurn, churn] = direct[index] as [number, number];
      expect(Math.abs(probability.no_churn - noChurn)).toBeLessThan(1e-6);
      expect(Math.abs(probability.churn - churn)).toBeLessThan(1e-6);
      expect(body.prediction).toBe(churn > noChurn ? 1 : 0);
    }
    // The fixed inputs are not all alike to the model.
    expect(new Set(direct.map(([, churn]) => churn?.toFixed(3))).size).toBeGreaterThan(2);
  });

  test("a batch equals the single predictions, in order", async () => {
    const items = [...cases, ...cases.slice().reverse()].map((c) => c.input);
    const { status, body } = await postJson(`${server.url}/api/v1/predict/batch`, { items });
    expect(status).toBe(200);
    expect(body.batch_size).toBe(items.length);
    const singles = await Promise.all(
      items.map(async (item) => (await postJson(`${server.url}/api/v1/predict`, item)).body),
    );
    (body.results as Record<string, unknown>[]).forEach((result, index) => {
      expect(result.batch_index).toBe(index);
      expect(result.probability).toEqual(singles[index]?.probability);
      expect(result.label).toBe(singles[index]?.label);
    });
  });

  test("health, readiness and model metadata answer over the socket", async () => {
    const health = (await (await fetch(`${server.url}/health`)).json()) as any;
    expect(health.status).toBe("alive");
    const ready = await fetch(`${server.url}/health/ready`);
    expect(ready.status).toBe(200);
    expect(((await ready.json()) as any).workers.ready).toBeGreaterThan(0);
    const model = (await (await fetch(`${server.url}/api/v1/model`)).json()) as any;
    expect(model.name).toBe("churn");
    expect(model.source).toBe("embedded");
  });

  test("concurrent clients each get their own answer", async () => {
    const requests = Array.from(
      { length: 200 },
      (_, i) => cases[i % cases.length] as (typeof cases)[number],
    );
    const answers = await Promise.all(
      requests.map((c) => postJson(`${server.url}/api/v1/predict`, c.input)),
    );
    answers.forEach((answer, i) => {
      expect(answer.status).toBe(200);
      const [, churn] = direct[i % cases.length] as [number, number];
      expect(Math.abs((answer.body.probability as { churn: number }).churn - churn)).toBeLessThan(
        1e-6,
      );
    });
  });
});
