import { expect, test } from "bun:test";
import { Registry } from "prom-client";
import { createErrorMetrics, rejectionReason } from "../../src/metrics/error-metrics.ts";
import { parseExposition, samplesOf, sampleValue } from "../support/prometheus-text.ts";

test.each([
  ["queue_full", "queue_full"],
  ["deadline_exceeded", "timeout"],
  ["invalid_input", "invalid_input"],
  ["malformed_request", "invalid_input"],
  ["unsupported_media_type", "invalid_input"],
  ["payload_too_large", "invalid_input"],
  ["not_ready", "not_ready"],
  ["shutting_down", "shutting_down"],
  ["unauthorized", "unauthorized"],
  ["not_found", "none"],
  ["method_not_allowed", "none"],
  ["client_closed", "none"],
  ["inference_failed", "none"],
  ["internal_error", "none"],
])("error code %s is rejection reason %s", (code, reason) => {
  expect(rejectionReason(code) ?? "none").toBe(reason as never);
});

test("every error is counted by route and code; refusals also by reason, from 0", async () => {
  const registry = new Registry();
  const before = parseExposition(await registry.metrics());
  expect(samplesOf(before, "ml_serving_rejected_requests_total")).toHaveLength(0);
  const errors = createErrorMetrics(registry);
  const zero = parseExposition(await registry.metrics());
  expect(
    samplesOf(zero, "ml_serving_rejected_requests_total").map((sample) => sample.value),
  ).toEqual([0, 0, 0, 0, 0, 0]);
  errors.observe("/api/v1/predict", "queue_full");
  errors.observe("/api/v1/predict", "queue_full");
  errors.observe("/api/v1/predict/batch", "deadline_exceeded");
  errors.observe("/api/v1/predict", "inference_failed");
  errors.observe("unmatched", "not_found");
  const scrape = parseExposition(await registry.metrics());
  expect(
    sampleValue(scrape, "ml_serving_http_errors_total", {
      route: "/api/v1/predict",
      code: "queue_full",
    }),
  ).toBe(2);
  expect(
    sampleValue(scrape, "ml_serving_http_errors_total", {
      route: "/api/v1/predict/batch",
      code: "deadline_exceeded",
    }),
  ).toBe(1);
  expect(
    sampleValue(scrape, "ml_serving_http_errors_total", {
      route: "/api/v1/predict",
      code: "inference_failed",
    }),
  ).toBe(1);
  expect(
    sampleValue(scrape, "ml_serving_http_errors_total", { route: "unmatched", code: "not_found" }),
  ).toBe(1);
  expect(sampleValue(scrape, "ml_serving_rejected_requests_total", { reason: "queue_full" })).toBe(
    2,
  );
  expect(sampleValue(scrape, "ml_serving_rejected_requests_total", { reason: "timeout" })).toBe(1);
  expect(
    sampleValue(scrape, "ml_serving_rejected_requests_total", { reason: "invalid_input" }),
  ).toBe(0);
});
