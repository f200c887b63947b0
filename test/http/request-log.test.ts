import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createInProcessApp, type InProcessApp } from "../support/in-process-app.ts";
import { request } from "../utils.ts";

const settle = () => new Promise((resolve) => setTimeout(resolve, 20));
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe("at debug level: one log line per request, with its request id", () => {
  let server: InProcessApp;
  beforeAll(async () => {
    server = await createInProcessApp(["--log-level", "debug"]);
  }, 30_000);
  afterAll(() => server.close());
  const requestLines = () => server.logs.filter((line) => line.msg === "request");

  test("an incoming X-Request-Id is echoed and logged", async () => {
    const before = requestLines().length;
    const response = await server.app.handle(
      request("/api/v1/predict", {
        body: server.example,
        headers: { "x-request-id": "order-42/a" },
      }),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("x-request-id")).toBe("order-42/a");
    await settle();
    const lines = requestLines().slice(before);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: "debug",
      request_id: "order-42/a",
      method: "POST",
      path: "/api/v1/predict",
      route: "/api/v1/predict",
      status: 200,
    });
    expect(lines[0]?.duration_ms).toBeGreaterThan(0);
    expect(typeof lines[0]?.time).toBe("string");
  });

  test("without an acceptable id the server makes one, and errors carry it too", async () => {
    const before = requestLines().length;
    const response = await server.app.handle(
      request("/api/v1/predict", {
        body: { ...server.example, tenure_months: "x" },
        headers: { "x-request-id": "a b" },
      }),
    );
    expect(response.status).toBe(422);
    const id = response.headers.get("x-request-id") ?? "";
    expect(id).toMatch(uuid);
    expect(((await response.json()) as { request_id: string }).request_id).toBe(id);
    const missing = await server.app.handle(request("/no/such/path?token=secret"));
    expect(missing.status).toBe(404);
    await settle();
    const lines = requestLines().slice(before);
    expect(lines.map((line) => [line.request_id, line.status, line.route])).toEqual([
      [id, 422, "/api/v1/predict"],
      [missing.headers.get("x-request-id"), 404, null],
    ]);
    // The query string is not logged.
    expect(lines[1]?.path).toBe("/no/such/path");
  });
});

test("at info level no line is logged per request", async () => {
  const server = await createInProcessApp(["--log-level", "info"]);
  try {
    for (let i = 0; i < 3; i += 1) {
      expect(
        (await server.app.handle(request("/api/v1/predict", { body: server.example }))).status,
      ).toBe(200);
    }
    await settle();
    expect(server.logs.filter((line) => line.msg === "request")).toHaveLength(0);
    expect(server.logs.every((line) => line.level !== "debug")).toBe(true);
  } finally {
    await server.close();
  }
});
