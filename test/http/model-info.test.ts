import { afterAll, beforeAll, expect, test } from "bun:test";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createInProcessApp, type InProcessApp } from "../support/in-process-app.ts";
import { get, read } from "../utils.ts";

let t: InProcessApp;
beforeAll(async () => {
  t = await createInProcessApp();
});
afterAll(() => t.close());

test("GET /api/v1/model describes the embedded churn model from its manifest", async () => {
  const sha256 = createHash("sha256").update(readFileSync("models/churn.onnx")).digest("hex");
  const { status, body } = await read(await t.app.handle(get("/api/v1/model")));
  expect(status).toBe(200);
  expect(body).toMatchObject({
    name: "churn",
    task: "classification",
    sha256,
    version: sha256.slice(0, 12),
    source: "embedded",
    classes: ["no_churn", "churn"],
    input: { name: "features", width: 11 },
    outputs: { probabilities: "probabilities", label: "label" },
  });
  expect(body.features.map((f: { name: string }) => f.name)).toEqual([
    "tenure_months",
    "monthly_charges",
    "total_charges",
    "num_products",
    "has_phone_service",
    "has_internet",
    "contract_type",
    "payment_method",
  ]);
  expect(body.model_load_time_seconds).toBeGreaterThan(0);
  expect(Date.parse(body.loaded_at)).not.toBeNaN();
  expect(body.onnxruntime_version).toBe("1.30.0");
});
