import { afterAll, beforeAll, expect, test } from "bun:test";
import { parseExposition, sampleValue } from "../support/prometheus-text.ts";
import {
  ensureBinary,
  postJson,
  type ServerProcess,
  startServer,
} from "../support/server-process.ts";
import { churnExample } from "../utils.ts";

let server: ServerProcess;
beforeAll(async () => {
  server = await startServer({
    command: [await ensureBinary("faults")],
    args: ["--workers", "1"],
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", ML_SERVING_TEST_FAULTS: "1" },
  });
}, 120_000);
afterAll(async () => {
  expect(await server.stop()).toBe(0);
});

test("a crashed worker shows as a restart, a failed prediction and an error; live workers recover", async () => {
  const example = churnExample;
  expect((await postJson(`${server.url}/api/v1/predict`, example)).status).toBe(200);
  expect((await postJson(`${server.url}/__test/fault`, { fault: "crash" })).status).toBe(200);
  const failed = await postJson(`${server.url}/api/v1/predict`, example);
  expect(failed.status).toBe(500);
  const deadline = performance.now() + 20_000;
  while ((await fetch(`${server.url}/health/ready`)).status !== 200) {
    if (performance.now() > deadline) throw new Error("the worker was not replaced");
    await Bun.sleep(50);
  }
  expect((await postJson(`${server.url}/api/v1/predict`, example)).status).toBe(200);
  const metrics = parseExposition(await (await fetch(`${server.url}/metrics`)).text());
  const version = String(
    ((await (await fetch(`${server.url}/api/v1/model`)).json()) as { version: string }).version,
  );
  expect(sampleValue(metrics, "ml_serving_worker_restarts_total")).toBe(1);
  expect(sampleValue(metrics, "ml_serving_workers_live")).toBe(1);
  expect(sampleValue(metrics, "ml_serving_ready")).toBe(1);
  expect(
    sampleValue(metrics, "ml_serving_predictions_total", {
      model_version: version,
      outcome: "error",
    }),
  ).toBe(1);
  expect(
    sampleValue(metrics, "ml_serving_predictions_total", {
      model_version: version,
      outcome: "success",
    }),
  ).toBe(2);
  expect(
    sampleValue(metrics, "ml_serving_http_errors_total", {
      route: "/api/v1/predict",
      code: "inference_failed",
    }),
  ).toBe(1);
  expect(
    sampleValue(metrics, "ml_serving_http_requests_total", {
      route: "/api/v1/predict",
      method: "POST",
      status: "500",
    }),
  ).toBe(1);
  const warnings = server.logs.filter(
    (line) => line.level === "warn" && line.msg === "restarting worker",
  );
  expect(warnings).toHaveLength(1);
});
