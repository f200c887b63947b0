import { afterAll, beforeAll, expect, test } from "bun:test";
import { postJson, type ServerProcess, startServer } from "../support/server-process.ts";
import { churnExample } from "../utils.ts";

const secrets = ["sk-e2e-first-9f8e7d", "sk-e2e-second-1a2b3c"];
let server: ServerProcess;

beforeAll(async () => {
  server = await startServer({
    args: ["--workers", "1", "--log-level", "debug"],
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", ML_SERVING_API_KEYS: secrets.join(",") },
  });
}, 60_000);
afterAll(async () => {
  expect(await server.stop()).toBe(0);
});

test("every line is JSON with an ISO time, a level and a message", () => {
  expect(server.logs.length).toBeGreaterThanOrEqual(3);
  for (const line of server.logs) {
    expect(line.level).toMatch(/^(debug|info|warn|error)$/);
    expect(typeof line.msg).toBe("string");
    expect(new Date(String(line.time)).toISOString()).toBe(String(line.time));
  }
});

test("start-up logs the configuration with secrets redacted, the model, the workers and the load time", async () => {
  const starting = server.logs.find((line) => line.msg === "starting ml-serving");
  expect(starting?.level).toBe("info");
  const config = starting?.config as Record<string, unknown>;
  expect(config.apiKeys).toBe("[2 redacted]");
  expect(config.workers).toBe(1);
  expect(config.logLevel).toBe("debug");
  const loaded = server.logs.find((line) => line.msg === "model loaded");
  // Auth is on in this test (API keys are set), and model metadata is not a public path.
  const answer = await fetch(`${server.url}/api/v1/model`, {
    headers: { authorization: `Bearer ${secrets[0]}` },
  });
  const model = (await answer.json()) as Record<string, unknown>;
  expect(loaded).toMatchObject({
    level: "info",
    name: "churn",
    version: model.version,
    sha256: model.sha256,
    workers: 1,
    threads_per_worker: 1,
    load_time_seconds: model.model_load_time_seconds,
  });
  expect(loaded?.load_time_seconds).toBeGreaterThan(0);
  expect(server.logs.find((line) => line.msg === "ready")?.url).toBe(`${server.url}/`);
  const everything = JSON.stringify(server.logs) + server.stderr();
  for (const secret of secrets) expect(everything).not.toContain(secret);
});

test("at debug level each request is one line carrying its request id", async () => {
  const example = churnExample;
  // Auth may be on (API keys are set): whatever the status, the request is logged.
  const response = await postJson(`${server.url}/api/v1/predict`, example, {
    "x-request-id": "logs-e2e-1",
    authorization: `Bearer ${secrets[0]}`,
  });
  expect(response.headers.get("x-request-id")).toBe("logs-e2e-1");
  const line = await server.waitForLog(
    (candidate) => candidate.msg === "request" && candidate.request_id === "logs-e2e-1",
  );
  expect(line).toMatchObject({
    level: "debug",
    method: "POST",
    path: "/api/v1/predict",
    status: response.status,
  });
  expect(
    server.logs.filter(
      (candidate) => candidate.request_id === "logs-e2e-1" && candidate.msg === "request",
    ),
  ).toHaveLength(1);
});
