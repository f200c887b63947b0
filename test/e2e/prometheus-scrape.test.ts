import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Subprocess } from "bun";
import { dashboardExpressions, withGrafanaVariables } from "../support/promql-names.ts";
import { postJson, repoRoot, type ServerProcess, startServer } from "../support/server-process.ts";
import { churnExample } from "../utils.ts";

// A real Prometheus server (Debian's `prometheus` package) scrapes the compiled binary with the
// shipped scrape configuration and alerting rules; the test reads everything back through
// Prometheus's HTTP API.

interface QueryResult {
  status: string;
  error?: string;
  data: {
    resultType: string;
    result: { metric: Record<string, string>; value: [number, string] }[];
  };
}

let server: ServerProcess;
let prometheus: Subprocess<"ignore", "pipe", "pipe">;
let prometheusUrl: string;
let workDir: string;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === "object" && address
          ? resolve(address.port)
          : reject(new Error("no port")),
      );
    });
  });
}

async function query(expr: string): Promise<QueryResult> {
  const response = await fetch(`${prometheusUrl}/api/v1/query?query=${encodeURIComponent(expr)}`);
  return (await response.json()) as QueryResult;
}

async function eventually<T>(
  what: string,
  attempt: () => Promise<T | undefined>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = await attempt().catch(() => undefined);
    if (value !== undefined) return value;
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await Bun.sleep(250);
  }
}

/** The shipped configuration, pointed at the test server and the repository's rule file. */
async function prometheusConfig(target: string): Promise<string> {
  const shipped = Bun.YAML.parse(
    await Bun.file(join(repoRoot, "ops/prometheus/prometheus.yml")).text(),
  ) as {
    global: Record<string, unknown>;
    rule_files: string[];
    scrape_configs: {
      job_name: string;
      static_configs: { targets: string[] }[];
      scrape_interval?: string;
    }[];
  };
  const job = shipped.scrape_configs.find((config) => config.job_name === "ml-serving");
  if (job === undefined) throw new Error("the shipped config has no ml-serving job");
  expect(shipped.rule_files).toEqual([
    "/usr/share/ml-serving/ops/prometheus/ml-serving-alerts.yml",
  ]);
  const config = {
    global: { ...shipped.global, scrape_interval: "1s", evaluation_interval: "1s" },
    rule_files: [join(repoRoot, "ops/prometheus/ml-serving-alerts.yml")],
    scrape_configs: [{ ...job, scrape_interval: "1s", static_configs: [{ targets: [target] }] }],
  };
  // JSON is YAML: Prometheus reads it as is.
  return JSON.stringify(config, null, 2);
}

beforeAll(async () => {
  server = await startServer({ args: ["--workers", "1"] });
  workDir = mkdtempSync(join(tmpdir(), "ml-serving-prometheus-"));
  const configPath = join(workDir, "prometheus.yml");
  await Bun.write(configPath, await prometheusConfig(`127.0.0.1:${server.port}`));
  const port = await freePort();
  prometheusUrl = `http://127.0.0.1:${port}`;
  prometheus = Bun.spawn(
    [
      "prometheus",
      `--config.file=${configPath}`,
      `--storage.tsdb.path=${join(workDir, "data")}`,
      `--web.listen-address=127.0.0.1:${port}`,
      "--log.level=warn",
    ],
    { stdin: "ignore", stdout: "pipe", stderr: "pipe" },
  );
  await eventually("Prometheus to be ready", async () =>
    (await fetch(`${prometheusUrl}/-/ready`)).ok ? true : undefined,
  );
}, 60_000);

afterAll(async () => {
  prometheus?.kill("SIGTERM");
  await prometheus?.exited;
  if (workDir) rmSync(workDir, { recursive: true, force: true });
  if (server) expect(await server.stop()).toBe(0);
});

test("Prometheus scrapes the binary and reads the prediction counter", async () => {
  const up = await eventually("the first scrape", async () => {
    const result = await query('up{job="ml-serving"}');
    return result.data.result.length === 1 ? result : undefined;
  });
  expect(up.data.result[0]?.value[1]).toBe("1");
  expect(up.data.result[0]?.metric.instance).toBe(`127.0.0.1:${server.port}`);

  const example = churnExample;
  for (let i = 0; i < 7; i += 1)
    expect((await postJson(`${server.url}/api/v1/predict`, example)).status).toBe(200);
  expect(
    (await postJson(`${server.url}/api/v1/predict/batch`, { items: [example, example, example] }))
      .status,
  ).toBe(200);
  expect(
    (await postJson(`${server.url}/api/v1/predict`, { ...example, num_products: 0 })).status,
  ).toBe(422);

  const predictions = await eventually("the predictions to be scraped", async () => {
    const result = await query(
      'sum(ml_serving_predictions_total{job="ml-serving", outcome="success"})',
    );
    return result.data.result[0]?.value[1] === "10" ? result : undefined;
  });
  expect(predictions.status).toBe("success");
  const byVersion = await query(
    'ml_serving_predictions_total{job="ml-serving", outcome="success"}',
  );
  const model = (await (await fetch(`${server.url}/api/v1/model`)).json()) as { version: string };
  expect(
    byVersion.data.result.map((series) => [series.metric.model_version, series.metric.instance]),
  ).toEqual([[model.version, `127.0.0.1:${server.port}`]]);
}, 60_000);

test("Prometheus loads the shipped alerting rules and evaluates them without error, none firing", async () => {
  const rules = await eventually("every rule to be evaluated", async () => {
    const response = (await (await fetch(`${prometheusUrl}/api/v1/rules`)).json()) as {
      data: {
        groups: {
          name: string;
          rules: { name: string; health: string; state: string; lastEvaluation: string }[];
        }[];
      };
    };
    const group = response.data.groups.find((candidate) => candidate.name === "ml-serving");
    const evaluated = group?.rules.every((rule) => !rule.lastEvaluation.startsWith("0001-"));
    return group && evaluated ? group.rules : undefined;
  });
  expect(rules).toHaveLength(7);
  for (const rule of rules) {
    expect(rule.health).toBe("ok");
    expect(rule.state).toBe("inactive");
  }
}, 60_000);

test("every query of the Grafana dashboard runs in Prometheus and finds data", async () => {
  const dashboard = await Bun.file(join(repoRoot, "ops/grafana/ml-serving-dashboard.json")).json();
  // Rates need two scrapes of the traffic above.
  await Bun.sleep(2500);
  const panelExpressions = dashboardExpressions(dashboard.panels);
  expect(panelExpressions.length).toBeGreaterThanOrEqual(30);
  const empty: string[] = [];
  for (const expr of panelExpressions) {
    const result = await query(withGrafanaVariables(expr));
    expect({ expr, status: result.status, error: result.error }).toEqual({
      expr,
      status: "success",
      error: undefined,
    });
    if (result.data.result.length === 0) empty.push(expr);
  }
  expect(empty).toEqual([]);
  for (const expr of dashboardExpressions(dashboard.annotations)) {
    expect((await query(withGrafanaVariables(expr))).status).toBe("success");
  }
}, 60_000);
