import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Server } from "bun";
import { runWrk } from "../../scripts/bench/wrk.ts";

// The benchmark's load generator end to end: real wrk, our Lua script, a real server that
// counts what it received, so wrk's tallies can be checked against the server's.
const hasWrk = Bun.which("wrk") !== null;

describe.skipIf(!hasWrk)("wrk with rotating-post.lua", () => {
  let server: Server<unknown>;
  const received = new Map<string, number>();
  const bodies = new Set<string>();
  const dir = mkdtempSync(join(tmpdir(), "bench-wrk-"));
  const file = join(dir, "bodies.txt");

  beforeAll(() => {
    writeFileSync(
      file,
      ['{"n":1}', '/shed\t{"n":2}', '{"n":3}', '/bare\t{"n":4}', '{"n":5}'].join("\n"),
    );
    server = Bun.serve({
      hostname: "127.0.0.1",
      port: 0,
      async fetch(request) {
        const path = new URL(request.url).pathname;
        bodies.add(await request.text());
        received.set(path, (received.get(path) ?? 0) + 1);
        if (path === "/shed")
          return new Response("{}", { status: 503, headers: { "Retry-After": "1" } });
        if (path === "/bare") return new Response("{}", { status: 503 });
        return new Response("{}");
      },
    });
  });
  afterAll(() => server.stop(true));

  test("rotates every body, honours per-line paths, and tallies statuses like the server", async () => {
    received.clear();
    const connections = 2;
    const result = await runWrk({
      baseUrl: `http://127.0.0.1:${server.port}`,
      bodiesFile: file,
      path: "/ok",
      connections,
      durationS: 1,
      tally: true,
      itemsPerRequest: 3,
    });
    expect([...bodies].sort()).toEqual(['{"n":1}', '{"n":2}', '{"n":3}', '{"n":4}', '{"n":5}']);
    expect(Object.keys(result.statuses).sort()).toEqual(["200", "503"]);
    const tallied = (result.statuses["200"] ?? 0) + (result.statuses["503"] ?? 0);
    expect(tallied).toBe(result.requests);
    // Requests still in flight when wrk stopped reached the server but were not counted by wrk.
    const ok = received.get("/ok") ?? 0;
    expect(Math.abs(ok - (result.statuses["200"] ?? 0))).toBeLessThanOrEqual(connections);
    const bare = received.get("/bare") ?? 0;
    expect(Math.abs(bare - result.missingRetryAfter)).toBeLessThanOrEqual(connections);
    expect(result.missingRetryAfter).toBeGreaterThan(0);
    // 3 of 5 bodies succeed; failed = non-2xx answers.
    expect(result.failed).toBe(result.statuses["503"] ?? 0);
    expect(result.okPerS * result.durationS).toBeCloseTo(result.statuses["200"] ?? 0, 0);
    expect(result.itemsPerS).toBeCloseTo(result.okPerS * 3, 5);
    expect(result.p50Ms).toBeGreaterThan(0);
    expect(result.p99Ms).toBeGreaterThanOrEqual(result.p50Ms);
  }, 20_000);

  test("without the tally it still counts non-2xx answers as failed", async () => {
    const result = await runWrk({
      baseUrl: `http://127.0.0.1:${server.port}`,
      bodiesFile: file,
      path: "/ok",
      connections: 1,
      durationS: 1,
    });
    expect(result.statuses).toEqual({});
    expect(result.requests).toBeGreaterThan(100);
    // With one connection the rotation is exact: 2 bodies in every 5 are answered 503.
    expect(result.failed / result.requests).toBeCloseTo(0.4, 1);
  }, 20_000);
});
