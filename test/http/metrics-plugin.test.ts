import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { durationBuckets } from "../../src/metrics/buckets.ts";
import { createInProcessApp, type InProcessApp } from "../support/in-process-app.ts";
import {
  histogramOf,
  parseExposition,
  type Scrape,
  samplesOf,
  sampleValue,
} from "../support/prometheus-text.ts";
import { request } from "../utils.ts";

const likelyChurn = {
  tenure_months: 1,
  monthly_charges: 110,
  total_charges: 110,
  num_products: 1,
  has_phone_service: true,
  has_internet: true,
  contract_type: "month-to-month",
  payment_method: "electronic",
};

async function scrape(app: InProcessApp["app"]): Promise<Scrape> {
  const response = await app.handle(request("/metrics"));
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
  return parseExposition(await response.text());
}

/** Lets onAfterResponse hooks (which run after the response is handed back) finish. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

describe("metrics after known traffic, in-process with a real engine", () => {
  let server: InProcessApp;
  let metrics: Scrape;
  const labels: string[] = [];

  beforeAll(async () => {
    server = await createInProcessApp();
    const { app, example } = server;
    // Sequential, so each request is one onnxruntime call of its own rows.
    for (const body of [example, likelyChurn, example]) {
      const response = await app.handle(request("/api/v1/predict", { body }));
      expect(response.status).toBe(200);
      labels.push(((await response.json()) as { label: string }).label);
    }
    const batch = await app.handle(
      request("/api/v1/predict/batch", {
        body: { items: [example, likelyChurn, example, likelyChurn, likelyChurn] },
      }),
    );
    expect(batch.status).toBe(200);
    for (const result of ((await batch.json()) as { results: { label: string }[] }).results)
      labels.push(result.label);
    expect(
      (await app.handle(request("/api/v1/predict", { body: { ...example, tenure_months: -1 } })))
        .status,
    ).toBe(422);
    expect((await app.handle(request("/api/v1/predict", { body: "{not json" }))).status).toBe(400);
    for (const path of ["/nope", "/wp-login.php", "/api/v1/predict/extra/x"]) {
      expect((await app.handle(request(path))).status).toBe(404);
    }
    expect((await app.handle(request("/api/v1/predict"))).status).toBe(405);
    expect((await app.handle(request("/health"))).status).toBe(200);
    expect((await app.handle(request("/nope", { method: "PROPFIND" }))).status).toBe(404);
    await settle();
    metrics = await scrape(app);
  }, 30_000);
  afterAll(() => server.close());

  const requests = (route: string, method: string, status: string) =>
    sampleValue(metrics, "ml_serving_http_requests_total", { route, method, status });

  test("counts HTTP requests by route template, method and status", () => {
    expect(requests("/api/v1/predict", "POST", "200")).toBe(3);
    expect(requests("/api/v1/predict/batch", "POST", "200")).toBe(1);
    expect(requests("/api/v1/predict", "POST", "422")).toBe(1);
    expect(requests("/api/v1/predict", "POST", "400")).toBe(1);
    expect(requests("/api/v1/predict", "GET", "405")).toBe(1);
    expect(requests("/health", "GET", "200")).toBe(1);
    // Three unknown paths are one series; an unknown method is "other".
    expect(requests("unmatched", "GET", "404")).toBe(3);
    expect(requests("unmatched", "other", "404")).toBe(1);
    expect(samplesOf(metrics, "ml_serving_http_requests_total")).toHaveLength(8);
    // The scrape itself is counted once it has been answered.
    expect(
      samplesOf(metrics, "ml_serving_http_requests_total", { route: "/metrics" }),
    ).toHaveLength(0);
  });

  test("times HTTP requests in a histogram whose totals match the counter", async () => {
    for (const sample of samplesOf(metrics, "ml_serving_http_requests_total")) {
      const histogram = histogramOf(
        metrics,
        "ml_serving_http_request_duration_seconds",
        sample.labels,
      );
      expect(histogram.count).toBe(sample.value);
      expect(histogram.at(Number.POSITIVE_INFINITY)).toBe(sample.value);
      expect(histogram.buckets.map((bucket) => bucket.le)).toEqual([
        ...durationBuckets,
        Number.POSITIVE_INFINITY,
      ]);
      const counts = histogram.buckets.map((bucket) => bucket.count);
      expect(counts).toEqual([...counts].sort((a, b) => a - b));
      expect(histogram.sum).toBeGreaterThan(0);
      expect(histogram.sum).toBeLessThan(10 * sample.value);
    }
    await settle();
    const again = await scrape(server.app);
    expect(
      sampleValue(again, "ml_serving_http_requests_total", {
        route: "/metrics",
        method: "GET",
        status: "200",
      }),
    ).toBe(1);
  });

  test("counts predictions (rows) by model version and outcome, and predicted classes", () => {
    const version = server.model.version;
    expect(
      sampleValue(metrics, "ml_serving_predictions_total", {
        model_version: version,
        outcome: "success",
      }),
    ).toBe(8);
    for (const outcome of ["queue_full", "timeout", "not_ready", "client_closed", "error"]) {
      expect(
        sampleValue(metrics, "ml_serving_predictions_total", { model_version: version, outcome }),
      ).toBe(0);
    }
    for (const label of server.model.classes) {
      expect(
        sampleValue(metrics, "ml_serving_predicted_class_total", {
          model_version: version,
          class: label,
        }),
      ).toBe(labels.filter((answered) => answered === label).length);
    }
    expect(new Set(labels).size).toBe(2);
  });

  test("one onnxruntime call per request here: duration, rows per call, queue wait, engine time", () => {
    const calls = histogramOf(metrics, "ml_serving_inference_duration_seconds");
    expect(calls.count).toBe(4);
    expect(calls.sum).toBeGreaterThan(0);
    const rows = histogramOf(metrics, "ml_serving_inference_batch_rows");
    expect(rows.count).toBe(4);
    expect(rows.sum).toBe(8);
    expect(rows.at(1)).toBe(3);
    expect(rows.at(4)).toBe(3);
    expect(rows.at(8)).toBe(4);
    expect(rows.at(64)).toBe(4);
    const queueWait = histogramOf(metrics, "ml_serving_queue_wait_seconds");
    expect(queueWait.count).toBe(4);
    // A lone request on an idle worker leaves the queue at once: sub-millisecond buckets see it.
    expect(queueWait.at(0.001)).toBe(4);
    const engineTime = histogramOf(metrics, "ml_serving_inference_request_duration_seconds");
    expect(engineTime.count).toBe(4);
    expect(engineTime.sum).toBeGreaterThanOrEqual(calls.sum);
  });

  test("counts errors by route and code, and refusals by reason", () => {
    const errors = (route: string, code: string) =>
      sampleValue(metrics, "ml_serving_http_errors_total", { route, code });
    expect(errors("/api/v1/predict", "invalid_input")).toBe(1);
    expect(errors("/api/v1/predict", "malformed_request")).toBe(1);
    expect(errors("/api/v1/predict", "method_not_allowed")).toBe(1);
    expect(errors("unmatched", "not_found")).toBe(4);
    expect(samplesOf(metrics, "ml_serving_http_errors_total")).toHaveLength(4);
    const rejected = (reason: string) =>
      sampleValue(metrics, "ml_serving_rejected_requests_total", { reason });
    expect(rejected("invalid_input")).toBe(2);
    for (const reason of ["queue_full", "timeout", "not_ready", "shutting_down", "unauthorized"]) {
      expect(rejected(reason)).toBe(0);
    }
  });

  test("reads the gauges at scrape time", () => {
    expect(sampleValue(metrics, "ml_serving_workers")).toBe(1);
    expect(sampleValue(metrics, "ml_serving_workers_live")).toBe(1);
    expect(sampleValue(metrics, "ml_serving_workers_busy")).toBe(0);
    expect(sampleValue(metrics, "ml_serving_ready")).toBe(1);
    expect(sampleValue(metrics, "ml_serving_queue_rows")).toBe(0);
    expect(sampleValue(metrics, "ml_serving_queue_requests")).toBe(0);
    expect(sampleValue(metrics, "ml_serving_in_flight_requests")).toBe(0);
    expect(sampleValue(metrics, "ml_serving_in_flight_batches")).toBe(0);
    expect(sampleValue(metrics, "ml_serving_worker_restarts_total")).toBe(0);
  });

  test("names the model, its load time and the build", () => {
    const { model: info } = server;
    expect(
      sampleValue(metrics, "ml_serving_model_info", {
        name: info.name,
        version: info.version,
        sha256: info.sha256,
      }),
    ).toBe(1);
    expect(info.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(sampleValue(metrics, "ml_serving_model_load_time_seconds")).toBe(info.loadTimeSeconds);
    expect(
      sampleValue(metrics, "ml_serving_build_info", {
        bun_version: Bun.version,
        onnxruntime_version: info.onnxruntimeVersion,
      }),
    ).toBe(1);
  });

  test("every ml_serving metric has help text and a unit or _total/_info in its name", () => {
    const families = [...metrics.types.keys()].filter((name) => name.startsWith("ml_serving_"));
    expect(families.sort()).toEqual([
      "ml_serving_build_info",
      "ml_serving_http_errors_total",
      "ml_serving_http_request_duration_seconds",
      "ml_serving_http_requests_total",
      "ml_serving_in_flight_batches",
      "ml_serving_in_flight_requests",
      "ml_serving_inference_batch_rows",
      "ml_serving_inference_duration_seconds",
      "ml_serving_inference_request_duration_seconds",
      "ml_serving_model_info",
      "ml_serving_model_load_time_seconds",
      "ml_serving_predicted_class_total",
      "ml_serving_predictions_total",
      "ml_serving_queue_requests",
      "ml_serving_queue_rows",
      "ml_serving_queue_wait_seconds",
      "ml_serving_ready",
      "ml_serving_rejected_requests_total",
      "ml_serving_worker_restarts_total",
      "ml_serving_workers",
      "ml_serving_workers_busy",
      "ml_serving_workers_live",
    ]);
    for (const name of families) {
      expect((metrics.help.get(name) ?? "").length).toBeGreaterThan(15);
      if (metrics.types.get(name) === "counter") expect(name).toEndWith("_total");
      expect(name).toMatch(/_(total|seconds|rows|requests|batches|workers|info|ready|live|busy)$/);
    }
  });
});

describe("refusals while not ready, and with --metrics false", () => {
  test("a request before readiness is a not_ready refusal, and ml_serving_ready reads 0", async () => {
    const server = await createInProcessApp([], { ready: false });
    try {
      const response = await server.app.handle(
        request("/api/v1/predict", { body: server.example }),
      );
      expect(response.status).toBe(503);
      await settle();
      const metrics = await scrape(server.app);
      expect(sampleValue(metrics, "ml_serving_ready")).toBe(0);
      expect(
        sampleValue(metrics, "ml_serving_rejected_requests_total", { reason: "not_ready" }),
      ).toBe(1);
      expect(
        sampleValue(metrics, "ml_serving_http_errors_total", {
          route: "/api/v1/predict",
          code: "not_ready",
        }),
      ).toBe(1);
      // Refused before routing, yet labelled with its route template.
      expect(
        sampleValue(metrics, "ml_serving_http_requests_total", {
          route: "/api/v1/predict",
          method: "POST",
          status: "503",
        }),
      ).toBe(1);
      server.lifecycle.markReady();
      expect(sampleValue(await scrape(server.app), "ml_serving_ready")).toBe(1);
    } finally {
      await server.close();
    }
  });

  test("a full queue sheds at once: counted by reason and outcome, and warned about once", async () => {
    const server = await createInProcessApp([
      "--max-batch-size",
      "1",
      "--max-batch-items",
      "1",
      "--max-queue-rows",
      "1",
    ]);
    try {
      const responses = await Promise.all(
        Array.from({ length: 40 }, () =>
          server.app.handle(request("/api/v1/predict", { body: server.example })),
        ),
      );
      const statuses = responses.map((response) => response.status);
      const shed = statuses.filter((status) => status === 503).length;
      const served = statuses.filter((status) => status === 200).length;
      expect(shed + served).toBe(40);
      expect(shed).toBeGreaterThan(0);
      expect(
        responses.find((response) => response.status === 503)?.headers.get("retry-after"),
      ).toBe("1");
      await settle();
      const metrics = await scrape(server.app);
      const version = server.model.version;
      expect(
        sampleValue(metrics, "ml_serving_rejected_requests_total", { reason: "queue_full" }),
      ).toBe(shed);
      expect(
        sampleValue(metrics, "ml_serving_predictions_total", {
          model_version: version,
          outcome: "queue_full",
        }),
      ).toBe(shed);
      expect(
        sampleValue(metrics, "ml_serving_predictions_total", {
          model_version: version,
          outcome: "success",
        }),
      ).toBe(served);
      expect(histogramOf(metrics, "ml_serving_inference_batch_rows").count).toBe(served);
      const warnings = server.logs.filter(
        (line) => line.msg === "shedding load: the queue is full",
      );
      // All within one second: the first refusal is logged, the rest wait for the summary.
      expect(warnings).toHaveLength(1);
      expect(warnings[0]?.level).toBe("warn");
      expect(warnings[0]?.shed_requests).toBe(1);
    } finally {
      await server.close();
    }
  });

  test("--metrics false: no GET /metrics (404) and predictions still served", async () => {
    const server = await createInProcessApp(["--metrics", "false"]);
    try {
      expect((await server.app.handle(request("/metrics"))).status).toBe(404);
      expect(
        (await server.app.handle(request("/api/v1/predict", { body: server.example }))).status,
      ).toBe(200);
    } finally {
      await server.close();
    }
  });
});
