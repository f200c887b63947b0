import { expect, test } from "bun:test";
import { Registry } from "prom-client";
import {
  ClientClosedError,
  DeadlineExceededError,
  InferenceFailedError,
  NotReadyError,
  QueueFullError,
} from "../../src/errors.ts";
import { createInferenceMetrics, predictionOutcome } from "../../src/metrics/inference-metrics.ts";
import { histogramOf, parseExposition, sampleValue } from "../support/prometheus-text.ts";

test.each([
  [new QueueFullError(), "queue_full"],
  [new DeadlineExceededError(), "timeout"],
  [new NotReadyError(), "not_ready"],
  [new ClientClosedError(), "client_closed"],
  [new InferenceFailedError(), "error"],
  [new RangeError("bad rows"), "error"],
  ["a string", "error"],
])("%p ends as outcome %s", (error, outcome) => {
  expect(predictionOutcome(error)).toBe(outcome as never);
});

function setup() {
  const registry = new Registry();
  const observer = createInferenceMetrics(registry, {
    modelVersion: "v7",
    classes: ["setosa", "versicolor", "virginica"],
    maxBatchRows: 8,
  });
  const scrape = async () => parseExposition(await registry.metrics());
  return { observer, scrape };
}

const result = (output: number[], queueMs: number) => ({
  output: Float32Array.from(output),
  queueMs,
  inferenceMs: 0.2,
  batchRows: output.length / 3,
});

test("counts successful rows, and each row under its most probable class (the first on a tie)", async () => {
  const { observer, scrape } = setup();
  observer.requestDone?.(1, result([0.1, 0.7, 0.2], 0), 0.5);
  observer.requestDone?.(3, result([0.6, 0.3, 0.1, 0.2, 0.2, 0.6, 0.4, 0.4, 0.2], 0.04), 1.5);
  const metrics = await scrape();
  expect(
    sampleValue(metrics, "ml_serving_predictions_total", {
      model_version: "v7",
      outcome: "success",
    }),
  ).toBe(4);
  expect(
    sampleValue(metrics, "ml_serving_predicted_class_total", {
      model_version: "v7",
      class: "setosa",
    }),
  ).toBe(2);
  expect(
    sampleValue(metrics, "ml_serving_predicted_class_total", {
      model_version: "v7",
      class: "versicolor",
    }),
  ).toBe(1);
  expect(
    sampleValue(metrics, "ml_serving_predicted_class_total", {
      model_version: "v7",
      class: "virginica",
    }),
  ).toBe(1);
  const queueWait = histogramOf(metrics, "ml_serving_queue_wait_seconds");
  expect(queueWait.count).toBe(2);
  expect(queueWait.at(0.00001)).toBe(1);
  expect(queueWait.at(0.00005)).toBe(2);
  expect(queueWait.sum).toBeCloseTo(0.00004, 12);
  const engineTime = histogramOf(metrics, "ml_serving_inference_request_duration_seconds");
  expect(engineTime.sum).toBeCloseTo(0.002, 12);
  expect(engineTime.at(0.0005)).toBe(1);
  expect(engineTime.at(0.0025)).toBe(2);
});

test("counts failed rows by outcome, and none as predicted classes", async () => {
  const { observer, scrape } = setup();
  observer.requestFailed?.(5, new QueueFullError(), 0.01);
  observer.requestFailed?.(1, new DeadlineExceededError(), 5000);
  observer.requestFailed?.(2, new InferenceFailedError(), 3);
  const metrics = await scrape();
  const predictions = (outcome: string) =>
    sampleValue(metrics, "ml_serving_predictions_total", { model_version: "v7", outcome });
  expect(predictions("queue_full")).toBe(5);
  expect(predictions("timeout")).toBe(1);
  expect(predictions("error")).toBe(2);
  expect(predictions("success")).toBe(0);
  expect(predictions("not_ready")).toBe(0);
  expect(sampleValue(metrics, "ml_serving_predicted_class_total", { class: "setosa" })).toBe(0);
  expect(histogramOf(metrics, "ml_serving_queue_wait_seconds").count).toBe(0);
});

test("times each onnxruntime call and counts its rows", async () => {
  const { observer, scrape } = setup();
  observer.batchDone?.(1, 0.03);
  observer.batchDone?.(8, 0.4);
  observer.batchDone?.(5, 2);
  const metrics = await scrape();
  const calls = histogramOf(metrics, "ml_serving_inference_duration_seconds");
  expect(calls.count).toBe(3);
  expect(calls.sum).toBeCloseTo(0.00243, 12);
  expect(calls.at(0.00005)).toBe(1);
  expect(calls.at(0.0005)).toBe(2);
  expect(calls.at(0.0025)).toBe(3);
  const rows = histogramOf(metrics, "ml_serving_inference_batch_rows");
  expect(rows.buckets.map((bucket) => bucket.le)).toEqual([1, 2, 4, 8, Number.POSITIVE_INFINITY]);
  expect(rows.at(1)).toBe(1);
  expect(rows.at(4)).toBe(1);
  expect(rows.at(8)).toBe(3);
  expect(rows.sum).toBe(14);
});
