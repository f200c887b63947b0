// Worker faults against the real process: the test build's hook makes the worker that takes the
// next batch exit or hang while holding it. Only that batch's requests may fail, cleanly.
import { afterEach, describe, expect, test } from "bun:test";
import { runLoad, tally } from "../support/load.ts";
import {
  ensureBinary,
  postJson,
  type ServerProcess,
  startServer,
} from "../support/server-process.ts";
import { churnExample } from "../utils.ts";

const servers: ServerProcess[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) expect(await server.stop()).toBe(0);
});

async function startFaultable(args: string[]): Promise<ServerProcess> {
  const server = await startServer({
    command: [await ensureBinary("faults")],
    env: { ML_SERVING_TEST_FAULTS: "1" },
    args,
  });
  servers.push(server);
  return server;
}

const readiness = async (server: ServerProcess) => {
  const response = await fetch(`${server.url}/health/ready`);
  return { status: response.status, body: (await response.json()) as any };
};

async function waitForWorkers(server: ServerProcess, ready: number) {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const { body } = await readiness(server);
    if (body.workers.ready === ready) return body;
    await Bun.sleep(25);
  }
  throw new Error(`workers never reached ${ready}`);
}

describe("worker faults under load", () => {
  test("a worker that crashes mid-load fails only its own batch; every other request succeeds", async () => {
    const server = await startFaultable(["--workers", "2"]);
    let stop = false;
    const load = runLoad({
      url: `${server.url}/api/v1/predict`,
      body: churnExample,
      clients: 16,
      until: () => stop,
    });
    await Bun.sleep(300);
    expect((await postJson(`${server.url}/__test/fault`, { fault: "crash" })).status).toBe(200);
    await server.waitForLog((line) => line.msg === "worker exited");
    await Bun.sleep(300);
    stop = true;
    const outcomes = await load;
    const counts = tally(outcomes);
    const failed = counts["500 inference_failed"] ?? 0;
    // Exactly the crashed batch failed: at least one request, at most every client's one.
    expect(failed).toBeGreaterThanOrEqual(1);
    expect(failed).toBeLessThanOrEqual(16);
    expect(counts["200"]).toBe(outcomes.length - failed);
    expect(outcomes.length).toBeGreaterThan(100);
    const body = await waitForWorkers(server, 2);
    expect(body.workers.restarts).toBe(1);
    expect((await readiness(server)).status).toBe(200);
    expect(server.logs.find((line) => line.msg === "worker exited")).toMatchObject({
      level: "warn",
      held_batch: true,
    });
  }, 30_000);

  test("a worker that hangs is replaced after the watchdog; its batch fails, the rest carries on", async () => {
    const server = await startFaultable(["--workers", "2", "--worker-watchdog-ms", "500"]);
    let stop = false;
    const load = runLoad({
      url: `${server.url}/api/v1/predict`,
      body: churnExample,
      clients: 8,
      until: () => stop,
    });
    await Bun.sleep(200);
    await postJson(`${server.url}/__test/fault`, { fault: "hang" });
    await server.waitForLog((line) => line.msg === "worker hung; replacing it");
    // While one worker hangs, readiness shows it: not every worker is ready.
    const during = await readiness(server);
    expect(during.body.workers.ready).toBeLessThan(2);
    await Bun.sleep(300);
    stop = true;
    const counts = tally(await load);
    expect(counts["500 inference_failed"]).toBeGreaterThanOrEqual(1);
    expect(counts["500 inference_failed"]).toBeLessThanOrEqual(8);
    expect(Object.keys(counts).sort()).toEqual(["200", "500 inference_failed"]);
    await waitForWorkers(server, 2);
  }, 30_000);

  test("requests queued behind a hung worker get 504 at their deadline, not a hang", async () => {
    const server = await startFaultable(["--workers", "1", "--worker-watchdog-ms", "3000"]);
    await postJson(`${server.url}/__test/fault`, { fault: "hang" });
    const stuck = postJson(`${server.url}/api/v1/predict`, churnExample);
    await Bun.sleep(50);
    const started = performance.now();
    const queued = await Promise.all(
      [1, 2, 3].map(() =>
        postJson(`${server.url}/api/v1/predict`, churnExample, { "x-request-timeout-ms": "300" }),
      ),
    );
    const elapsed = performance.now() - started;
    for (const answer of queued) {
      expect(answer.status).toBe(504);
      expect((answer.body.error as { code: string }).code).toBe("deadline_exceeded");
    }
    expect(elapsed).toBeLessThan(2500);
    expect((await stuck).status).toBe(500);
    await waitForWorkers(server, 1);
    expect((await postJson(`${server.url}/api/v1/predict`, churnExample)).status).toBe(200);
  }, 30_000);

  test("a client that disconnects while queued frees its place", async () => {
    const server = await startFaultable(["--workers", "1", "--worker-watchdog-ms", "2000"]);
    await postJson(`${server.url}/__test/fault`, { fault: "hang" });
    const stuck = postJson(`${server.url}/api/v1/predict`, churnExample);
    await Bun.sleep(50);
    const controller = new AbortController();
    const leaving = fetch(`${server.url}/api/v1/predict/batch`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ items: Array.from({ length: 50 }, () => churnExample) }),
      signal: controller.signal,
    }).catch(() => "aborted");
    await Bun.sleep(100);
    expect((await readiness(server)).body.queue.rows).toBe(50);
    controller.abort();
    expect(await leaving).toBe("aborted");
    await Bun.sleep(100);
    const after = await readiness(server);
    expect(after.body.queue.rows).toBe(0);
    expect((await stuck).status).toBe(500);
  }, 30_000);

  test("the production build has no fault hooks at all", async () => {
    const server = await startServer({ env: { ML_SERVING_TEST_FAULTS: "1" } });
    servers.push(server);
    expect((await postJson(`${server.url}/__test/fault`, { fault: "crash" })).status).toBe(404);
    const binary = await Bun.file(await ensureBinary()).text();
    expect(binary.includes("/__test/fault")).toBe(false);
  }, 30_000);
});
