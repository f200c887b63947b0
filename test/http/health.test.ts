import { afterAll, beforeAll, expect, test } from "bun:test";
import { createInProcessApp, type InProcessApp } from "../support/in-process-app.ts";
import { get, read } from "../utils.ts";

let t: InProcessApp;
beforeAll(async () => {
  t = await createInProcessApp();
});
afterAll(() => t.close());

test("GET /health: alive with a timestamp and uptime", async () => {
  const { status, body } = await read(await t.app.handle(get("/health")));
  expect(status).toBe(200);
  expect(body.status).toBe("alive");
  expect(Date.parse(body.timestamp)).toBeGreaterThan(Date.now() - 60_000);
  expect(body.uptime_seconds).toBeGreaterThanOrEqual(0);
});

test("GET /health/ready: 200 with the model and the workers once every worker is warm", async () => {
  const { status, body } = await read(await t.app.handle(get("/health/ready")));
  expect(status).toBe(200);
  expect(body).toMatchObject({
    status: "ready",
    model_loaded: true,
    model_name: "churn",
    model_version: t.prepared.model.version,
    workers: { total: 1, ready: 1, busy: 0, restarts: 0 },
  });
  expect(body.model_load_time_seconds).toBeGreaterThan(0);
  expect(body.memory_usage_mb).toBeGreaterThan(10);
  expect(typeof body.cpu_percent).toBe("number");
});

test("GET /health/ready: 503 while draining, and liveness stays 200", async () => {
  const draining = await createInProcessApp();
  try {
    draining.lifecycle.beginDrain();
    const ready = await read(await draining.app.handle(get("/health/ready")));
    expect(ready.status).toBe(503);
    expect(ready.body.status).toBe("draining");
    expect((await draining.app.handle(get("/health"))).status).toBe(200);
  } finally {
    await draining.close();
  }
});

test("GET /health/ready: 503 once the workers are gone", async () => {
  const closed = await createInProcessApp();
  await closed.engine.close();
  const ready = await read(await closed.app.handle(get("/health/ready")));
  expect(ready.status).toBe(503);
  expect(ready.body.status).toBe("degraded");
  expect(ready.body.model_loaded).toBe(false);
  expect(ready.body.workers.ready).toBe(0);
});

test("start-up warns when workers × threads oversubscribe the cores", async () => {
  const { availableParallelism } = await import("node:os");
  const crowded = await createInProcessApp([
    "--workers",
    "1",
    "--threads",
    String(availableParallelism() + 1),
  ]);
  try {
    expect(
      crowded.logs.find((line) => line.msg.startsWith("workers × threads exceeds")),
    ).toMatchObject({
      level: "warn",
      threads: availableParallelism() + 1,
    });
  } finally {
    await crowded.close();
  }
  expect(t.logs.some((line) => line.msg.startsWith("workers × threads exceeds"))).toBe(false);
});
