// SIGTERM and SIGINT against the real process: readiness turns 503 at once, new work is refused,
// accepted requests finish, and the process exits 0 within the drain timeout.
import { describe, expect, test } from "bun:test";
import { type Outcome, runLoad, tally } from "../support/load.ts";
import { ensureBinary, postJson, startServer } from "../support/server-process.ts";
import { churnExample } from "../utils.ts";

const batch = { items: Array.from({ length: 100 }, () => churnExample) };

describe("graceful drain", () => {
  test("SIGTERM under load: every accepted request completes, the rest are refused, exit 0", async () => {
    const server = await startServer({ args: ["--workers", "1"] });
    let stop = false;
    const load = runLoad({
      url: `${server.url}/api/v1/predict/batch`,
      body: batch,
      clients: 8,
      until: () => stop,
    });
    await Bun.sleep(600);
    const sigtermAt = performance.now();
    server.process.kill("SIGTERM");
    await server.waitForLog((line) => line.msg === "draining");
    const ready = await fetch(`${server.url}/health/ready`).catch(() => undefined);
    if (ready !== undefined) {
      expect(ready.status).toBe(503);
      expect(((await ready.json()) as any).status).toBe("draining");
    }
    const exitCode = await server.process.exited;
    stop = true;
    const all = await load;
    expect(exitCode).toBe(0);

    const draining = server.logs.find((line) => line.msg === "draining") as any;
    expect(draining.in_flight).toBeGreaterThan(0);
    expect(
      server.logs.some((line) => line.msg === "drain timeout: abandoning in-flight requests"),
    ).toBe(false);
    const stopped = server.logs.find((line) => line.msg === "stopped") as any;

    const counts = tally(all);
    // Only successes, refusals while draining, and failed connections once it stopped listening
    // (refused, or reset while still in the listen backlog: never accepted, never answered).
    for (const key of Object.keys(counts))
      expect(["200", "503 shutting_down", "network error"]).toContain(key);
    // Every request the server accepted was answered 200, those in flight at SIGTERM included.
    expect(counts["200"]).toBe(stopped.accepted_requests);
    expect(
      all.filter((o: Outcome) => o.endedAt > sigtermAt && o.status === 200).length,
    ).toBeGreaterThan(0);
    expect(performance.now() - sigtermAt).toBeLessThan(30_000);
  }, 60_000);

  test("SIGINT on an idle server exits 0 at once", async () => {
    const server = await startServer();
    server.process.kill("SIGINT");
    expect(await server.process.exited).toBe(0);
    expect(server.logs.find((line) => line.msg === "draining")).toMatchObject({
      signal: "SIGINT",
      in_flight: 0,
    });
  }, 30_000);

  test("work that cannot finish is abandoned at the drain timeout, and the exit is still 0", async () => {
    const server = await startServer({
      command: [await ensureBinary("faults")],
      env: { ML_SERVING_TEST_FAULTS: "1" },
      args: ["--workers", "1", "--drain-timeout-ms", "500", "--worker-watchdog-ms", "20000"],
    });
    await postJson(`${server.url}/__test/fault`, { fault: "hang" });
    const stuck = postJson(`${server.url}/api/v1/predict`, churnExample).catch(
      () => "connection closed",
    );
    await Bun.sleep(100);
    const started = performance.now();
    server.process.kill("SIGTERM");
    await server.waitForLog((line) => line.msg === "draining");
    // While the stuck request keeps the drain going: readiness says so, new work is refused.
    const ready = await fetch(`${server.url}/health/ready`);
    expect(ready.status).toBe(503);
    expect(((await ready.json()) as any).status).toBe("draining");
    const refused = await postJson(`${server.url}/api/v1/predict`, churnExample);
    expect(refused.status).toBe(503);
    expect((refused.body.error as { code: string }).code).toBe("shutting_down");
    expect(refused.headers.get("connection")).toBe("close");
    expect(await server.process.exited).toBe(0);
    expect(performance.now() - started).toBeLessThan(5000);
    expect(
      server.logs.find((line) => line.msg === "drain timeout: abandoning in-flight requests"),
    ).toMatchObject({ level: "warn", in_flight: 1 });
    await stuck;
  }, 30_000);
});
