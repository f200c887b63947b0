import { expect, test } from "bun:test";
import { createMetrics } from "../../src/metrics/create-metrics.ts";
import { parseExposition, sampleValue } from "../support/prometheus-text.ts";

const stats = {
  size: 3,
  ready: 2,
  busy: 1,
  restarts: 4,
  queuedRows: 17,
  queuedRequests: 5,
  inFlightBatches: 1,
};

function setup() {
  return createMetrics({
    modelVersion: "abc",
    classes: ["no", "yes"],
    maxBatchRows: 64,
    build: { version: "9.9.9", bunVersion: "1.2.3", onnxruntimeVersion: "4.5.6" },
  });
}

test("gauges read 0 until attached, then their sources at each scrape", async () => {
  const metrics = setup();
  const before = parseExposition(await metrics.render());
  expect(sampleValue(before, "ml_serving_queue_rows")).toBe(0);
  expect(sampleValue(before, "ml_serving_ready")).toBe(0);
  let inFlight = 6;
  let ready = false;
  metrics.attach({
    model: { name: "churn", version: "abc", sha256: "f".repeat(64), loadTimeSeconds: 0.25 },
    engineStats: () => stats,
    inFlightRequests: () => inFlight,
    ready: () => ready,
  });
  const after = parseExposition(await metrics.render());
  expect(sampleValue(after, "ml_serving_queue_rows")).toBe(17);
  expect(sampleValue(after, "ml_serving_queue_requests")).toBe(5);
  expect(sampleValue(after, "ml_serving_in_flight_requests")).toBe(6);
  expect(sampleValue(after, "ml_serving_in_flight_batches")).toBe(1);
  expect(sampleValue(after, "ml_serving_workers")).toBe(3);
  expect(sampleValue(after, "ml_serving_workers_live")).toBe(2);
  expect(sampleValue(after, "ml_serving_workers_busy")).toBe(1);
  expect(sampleValue(after, "ml_serving_ready")).toBe(0);
  expect(
    sampleValue(after, "ml_serving_model_info", {
      name: "churn",
      version: "abc",
      sha256: "f".repeat(64),
    }),
  ).toBe(1);
  expect(sampleValue(after, "ml_serving_model_load_time_seconds")).toBe(0.25);
  expect(
    sampleValue(after, "ml_serving_build_info", {
      version: "9.9.9",
      bun_version: "1.2.3",
      onnxruntime_version: "4.5.6",
    }),
  ).toBe(1);
  inFlight = 0;
  ready = true;
  const later = parseExposition(await metrics.render());
  expect(sampleValue(later, "ml_serving_in_flight_requests")).toBe(0);
  expect(sampleValue(later, "ml_serving_ready")).toBe(1);
});

test("counts worker restarts from the pool's events", async () => {
  const metrics = setup();
  metrics.onPoolEvent({
    type: "exited",
    worker: 0,
    reason: "exited with code 70",
    heldBatch: true,
  });
  metrics.onPoolEvent({ type: "respawning", worker: 0, inMs: 0 });
  metrics.onPoolEvent({ type: "ready", worker: 0, loadMs: 40, warmupMs: 1 });
  metrics.onPoolEvent({ type: "hung", worker: 1, afterMs: 10_000 });
  metrics.onPoolEvent({ type: "exited", worker: 1, reason: "held a batch", heldBatch: true });
  metrics.onPoolEvent({ type: "respawning", worker: 1, inMs: 0 });
  expect(
    sampleValue(parseExposition(await metrics.render()), "ml_serving_worker_restarts_total"),
  ).toBe(2);
});

test("each registry is its own: two instances do not share counts", async () => {
  const first = setup();
  const second = setup();
  first.errors.observe("/x", "queue_full");
  expect(
    sampleValue(parseExposition(await first.render()), "ml_serving_rejected_requests_total", {
      reason: "queue_full",
    }),
  ).toBe(1);
  expect(
    sampleValue(parseExposition(await second.render()), "ml_serving_rejected_requests_total", {
      reason: "queue_full",
    }),
  ).toBe(0);
});
