import { expect, test } from "bun:test";
import { Registry } from "prom-client";
import { createHttpMetrics, methodLabel, unmatchedRoute } from "../../src/metrics/http-metrics.ts";
import {
  histogramOf,
  parseExposition,
  samplesOf,
  sampleValue,
} from "../support/prometheus-text.ts";

test.each([
  ["GET", "GET"],
  ["POST", "POST"],
  ["OPTIONS", "OPTIONS"],
  ["PROPFIND", "other"],
  ["get", "other"],
])("method %s is labelled %s", (method, label) => {
  expect(methodLabel(method)).toBe(label);
});

test("counts and times requests by route, method and status", async () => {
  const registry = new Registry();
  const http = createHttpMetrics(registry);
  http.observe("/api/v1/predict", "POST", 200, 0.0004);
  http.observe("/api/v1/predict", "POST", 200, 0.003);
  http.observe("/api/v1/predict", "POST", 503, 0.00002);
  http.observe(unmatchedRoute, "GET", 404, 0.0001);
  const scrape = parseExposition(await registry.metrics());
  expect(
    sampleValue(scrape, "ml_serving_http_requests_total", {
      route: "/api/v1/predict",
      method: "POST",
      status: "200",
    }),
  ).toBe(2);
  expect(
    sampleValue(scrape, "ml_serving_http_requests_total", {
      route: "/api/v1/predict",
      method: "POST",
      status: "503",
    }),
  ).toBe(1);
  expect(
    sampleValue(scrape, "ml_serving_http_requests_total", {
      route: "unmatched",
      method: "GET",
      status: "404",
    }),
  ).toBe(1);
  const ok = histogramOf(scrape, "ml_serving_http_request_duration_seconds", {
    route: "/api/v1/predict",
    status: "200",
  });
  expect(ok.count).toBe(2);
  expect(ok.sum).toBeCloseTo(0.0034, 10);
  expect(ok.at(0.00025)).toBe(0);
  expect(ok.at(0.0005)).toBe(1);
  expect(ok.at(0.0025)).toBe(1);
  expect(ok.at(0.005)).toBe(2);
  const shed = histogramOf(scrape, "ml_serving_http_request_duration_seconds", { status: "503" });
  expect(shed.at(0.000025)).toBe(1);
});

test("odd methods share one label value and one series", async () => {
  const registry = new Registry();
  const http = createHttpMetrics(registry);
  for (const method of ["PROPFIND", "PURGE", "MKCOL", "LOCK"])
    http.observe(unmatchedRoute, method, 404, 0.0001);
  const scrape = parseExposition(await registry.metrics());
  expect(samplesOf(scrape, "ml_serving_http_requests_total")).toHaveLength(1);
  expect(sampleValue(scrape, "ml_serving_http_requests_total", { method: "other" })).toBe(4);
});
