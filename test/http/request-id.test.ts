import { afterAll, beforeAll, expect, test } from "bun:test";
import { createInProcessApp, type InProcessApp } from "../support/in-process-app.ts";
import { churnExample, get, post, read } from "../utils.ts";

let t: InProcessApp;
beforeAll(async () => {
  t = await createInProcessApp();
});
afterAll(() => t.close());

test("an incoming X-Request-Id is echoed back", async () => {
  const response = await t.app.handle(
    post("/api/v1/predict", churnExample, { "x-request-id": "order-42/abc" }),
  );
  expect(response.headers.get("x-request-id")).toBe("order-42/abc");
});

test("without one, each request gets a fresh UUID", async () => {
  const ids = await Promise.all(
    [1, 2].map(async () => (await t.app.handle(get("/health"))).headers.get("x-request-id")),
  );
  for (const id of ids)
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  expect(ids[0]).not.toBe(ids[1]);
});

test("an unusable incoming id (too long, control characters) is replaced", async () => {
  const response = await t.app.handle(get("/health", { "x-request-id": "x".repeat(200) }));
  expect(response.headers.get("x-request-id")).toHaveLength(36);
});

test("error responses carry the id in the header and the body", async () => {
  const { body, headers } = await read(
    await t.app.handle(post("/api/v1/predict", "{", { "x-request-id": "req-7" })),
  );
  expect(headers.get("x-request-id")).toBe("req-7");
  expect(body.request_id).toBe("req-7");
});
