import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { durationBuckets } from "../../src/metrics/buckets.ts";
import {
  histogramOf,
  parseExposition,
  type Scrape,
  samplesOf,
  sampleValue,
} from "../support/prometheus-text.ts";
import { dashboardExpressions, metricNamesIn } from "../support/promql-names.ts";
import { promtool } from "../support/promtool.ts";
import { postJson, repoRoot, type ServerProcess, startServer } from "../support/server-process.ts";
import { churnExample } from "../utils.ts";

async function scrape(server: ServerProcess): Promise<{ text: string; metrics: Scrape }> {
  const response = await fetch(`${server.url}/metrics`);
  expect(response.status).toBe(200);
  const text = await response.text();
  return { text, metrics: parseExposition(text) };
}

/** Whether `name` is a family of the scrape, or a `_bucket`/`_sum`/`_count` series of one of its histograms. */
function exported(metrics: Scrape, name: string): boolean {
  if (metrics.types.has(name)) return true;
  const base = name.replace(/_(bucket|sum|count)$/, "");
  return base !== name && metrics.types.get(base) === "histogram";
}

describe("the compiled binary's /metrics after known traffic", () => {
  const example = churnExample;
  let server: ServerProcess;
  let text: string;
  let metrics: Scrape;
  let version: string;

  beforeAll(async () => {
    server = await startServer({ args: ["--workers", "1"] });
    const model = (await (await fetch(`${server.url}/api/v1/model`)).json()) as { version: string };
    version = model.version;
    for (let i = 0; i < 5; i += 1)
      expect((await postJson(`${server.url}/api/v1/predict`, example)).status).toBe(200);
    expect(
      (await postJson(`${server.url}/api/v1/predict/batch`, { items: [example, example, example] }))
        .status,
    ).toBe(200);
    expect(
      (await postJson(`${server.url}/api/v1/predict`, { ...example, contract_type: "weekly" }))
        .status,
    ).toBe(422);
    expect((await fetch(`${server.url}/does/not/exist/${crypto.randomUUID()}`)).status).toBe(404);
    ({ text, metrics } = await scrape(server));
  }, 60_000);
  afterAll(async () => {
    expect(await server.stop()).toBe(0);
  });

  test("counts requests, predictions, calls and errors exactly", () => {
    const requests = (route: string, method: string, status: string) =>
      sampleValue(metrics, "ml_serving_http_requests_total", { route, method, status });
    expect(requests("/api/v1/predict", "POST", "200")).toBe(5);
    expect(requests("/api/v1/predict/batch", "POST", "200")).toBe(1);
    expect(requests("/api/v1/predict", "POST", "422")).toBe(1);
    expect(requests("unmatched", "GET", "404")).toBe(1);
    expect(requests("/api/v1/model", "GET", "200")).toBe(1);
    const duration = histogramOf(metrics, "ml_serving_http_request_duration_seconds", {
      route: "/api/v1/predict",
      method: "POST",
      status: "200",
    });
    expect(duration.count).toBe(5);
    expect(duration.at(Number.POSITIVE_INFINITY)).toBe(5);
    expect(duration.buckets).toHaveLength(durationBuckets.length + 1);
    expect(
      sampleValue(metrics, "ml_serving_predictions_total", {
        model_version: version,
        outcome: "success",
      }),
    ).toBe(8);
    const classes = samplesOf(metrics, "ml_serving_predicted_class_total", {
      model_version: version,
    });
    expect(classes.map((sample) => sample.labels.class)).toEqual(["no_churn", "churn"]);
    expect(classes.reduce((total, sample) => total + sample.value, 0)).toBe(8);
    const rows = histogramOf(metrics, "ml_serving_inference_batch_rows");
    expect(rows.count).toBe(6);
    expect(rows.sum).toBe(8);
    expect(histogramOf(metrics, "ml_serving_inference_duration_seconds").count).toBe(6);
    expect(histogramOf(metrics, "ml_serving_queue_wait_seconds").count).toBe(6);
    expect(
      sampleValue(metrics, "ml_serving_http_errors_total", {
        route: "/api/v1/predict",
        code: "invalid_input",
      }),
    ).toBe(1);
    expect(
      sampleValue(metrics, "ml_serving_http_errors_total", {
        route: "unmatched",
        code: "not_found",
      }),
    ).toBe(1);
    expect(
      sampleValue(metrics, "ml_serving_rejected_requests_total", { reason: "invalid_input" }),
    ).toBe(1);
    expect(sampleValue(metrics, "ml_serving_workers_live")).toBe(1);
    expect(sampleValue(metrics, "ml_serving_ready")).toBe(1);
    expect(sampleValue(metrics, "ml_serving_build_info", { version: "0.1.0" })).toBe(1);
    expect(sampleValue(metrics, "process_resident_memory_bytes")).toBeGreaterThan(10 * 1048576);
  });

  test("promtool check metrics accepts the exposition", async () => {
    const result = await promtool(["check", "metrics"], text);
    expect(result.output).toBe("");
    expect(result.code).toBe(0);
  });

  test("the Grafana dashboard parses and every metric it queries is exported", async () => {
    const dashboard = await Bun.file(
      join(repoRoot, "ops/grafana/ml-serving-dashboard.json"),
    ).json();
    expect(dashboard.uid).toBe("ml-serving");
    const names = new Set(dashboardExpressions(dashboard).flatMap(metricNamesIn));
    names.delete("up"); // Prometheus's own; the Prometheus integration test runs every query
    expect(names.size).toBeGreaterThanOrEqual(30);
    expect([...names].filter((name) => !exported(metrics, name))).toEqual([]);
  });

  test("every metric the alerting rules use is exported", async () => {
    const rules = Bun.YAML.parse(
      await Bun.file(join(repoRoot, "ops/prometheus/ml-serving-alerts.yml")).text(),
    ) as {
      groups: { rules: { alert: string; expr: string }[] }[];
    };
    const names = new Set(
      rules.groups.flatMap((group) => group.rules.flatMap((rule) => metricNamesIn(rule.expr))),
    );
    names.delete("up");
    expect(names.size).toBeGreaterThanOrEqual(5);
    expect([...names].filter((name) => !exported(metrics, name))).toEqual([]);
  });

  test("the scrape is counted like any request, and its labels stay bounded", async () => {
    for (let i = 0; i < 20; i += 1) await fetch(`${server.url}/random/${i}/${crypto.randomUUID()}`);
    const { metrics: after } = await scrape(server);
    expect(
      sampleValue(after, "ml_serving_http_requests_total", {
        route: "/metrics",
        method: "GET",
        status: "200",
      }),
    ).toBe(1);
    expect(
      sampleValue(after, "ml_serving_http_requests_total", {
        route: "unmatched",
        method: "GET",
        status: "404",
      }),
    ).toBe(21);
    expect(samplesOf(after, "ml_serving_http_requests_total")).toHaveLength(6);
  });

  test("an incoming X-Request-Id is echoed over the socket", async () => {
    const response = await postJson(`${server.url}/api/v1/predict`, example, {
      "x-request-id": "e2e-trace-7",
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("x-request-id")).toBe("e2e-trace-7");
  });
});

describe("promtool on the operator files", () => {
  test("promtool check rules accepts the alerting rules", async () => {
    const result = await promtool([
      "check",
      "rules",
      join(repoRoot, "ops/prometheus/ml-serving-alerts.yml"),
    ]);
    expect(result.output).toContain("SUCCESS: 7 rules found");
    expect(result.code).toBe(0);
  });

  test("promtool test rules: each alert fires when it should and only then", async () => {
    const result = await promtool([
      "test",
      "rules",
      join(repoRoot, "test/ops/ml-serving-alerts.test.yml"),
    ]);
    expect(result.output).toContain("SUCCESS");
    expect(result.code).toBe(0);
  });

  test("promtool check config accepts the example scrape configuration", async () => {
    const result = await promtool([
      "check",
      "config",
      "--syntax-only",
      join(repoRoot, "ops/prometheus/prometheus.yml"),
    ]);
    expect(result.output).toContain("SUCCESS");
    expect(result.code).toBe(0);
  });
});

test("--metrics false: GET /metrics is a 404 and predictions are served", async () => {
  const server = await startServer({ args: ["--workers", "1", "--metrics", "false"] });
  try {
    const response = await fetch(`${server.url}/metrics`);
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain("ml_serving_");
    expect((await postJson(`${server.url}/api/v1/predict`, churnExample)).status).toBe(200);
  } finally {
    expect(await server.stop()).toBe(0);
  }
}, 60_000);
