import { afterAll, beforeAll, expect, test } from "bun:test";
import { head, rawRequest } from "../support/raw-http.ts";
import { postJson, type ServerProcess, startServer } from "../support/server-process.ts";
import { valid } from "./hostile-cases.ts";

// The limits are configured, not fixed: a server with other values than the defaults.
let server: ServerProcess;
beforeAll(async () => {
  server = await startServer({
    args: ["--max-header-bytes", "65536", "--body-limit-bytes", "4096", "--max-batch-items", "5"],
  });
}, 60_000);
afterAll(async () => {
  expect(await server.stop()).toBe(0);
});

const bigHeader = (bytes: number) => head("GET /health HTTP/1.1", { "X-Big": "a".repeat(bytes) });

test("--max-header-bytes raises Bun's 16 KiB limit on the request head", async () => {
  expect((await rawRequest(server.port, { chunks: [bigHeader(40_000)] })).status).toBe(200);
  const refused = await rawRequest(server.port, { chunks: [bigHeader(70_000)] });
  expect(refused.status).toBe(431);
  expect(refused.closedByServer).toBe(true);
});

test("--body-limit-bytes: 413 as JSON just past it, whether or not a length is declared", async () => {
  const near = { ...valid, pad: "x".repeat(3700) };
  expect((await postJson(`${server.url}/api/v1/predict`, near)).status).toBe(422);
  const over = { ...valid, pad: "x".repeat(4100) };
  const declared = await postJson(`${server.url}/api/v1/predict`, over);
  expect(declared.status).toBe(413);
  expect(declared.body).toEqual({
    error: { code: "payload_too_large", message: "The request body is larger than 4096 bytes" },
    request_id: expect.any(String),
  });
  const streamed = await fetch(`${server.url}/api/v1/predict`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: new Blob([JSON.stringify(over)]).stream(),
  });
  expect(streamed.status).toBe(413);
  expect(((await streamed.json()) as { error: { code: string } }).error.code).toBe(
    "payload_too_large",
  );
});

test("Bun's own limit (4× ours, at least 16 MiB) sits far above ours, and answers 413 without a body", async () => {
  const ours = await rawRequest(server.port, {
    chunks: [
      head("POST /api/v1/predict HTTP/1.1", {
        "Content-Type": "application/json",
        "Content-Length": 16 * 1048576,
      }),
    ],
  });
  expect(ours.status).toBe(413);
  expect(JSON.parse(ours.body).error.code).toBe("payload_too_large");
  const buns = await rawRequest(server.port, {
    chunks: [
      head("POST /api/v1/predict HTTP/1.1", {
        "Content-Type": "application/json",
        "Content-Length": 16 * 1048576 + 1,
      }),
    ],
  });
  expect(buns.status).toBe(413);
  expect(buns.body).toBe("");
});

test("--max-batch-items: 5 items pass, 6 are refused with 422 at /items", async () => {
  expect(
    (await postJson(`${server.url}/api/v1/predict/batch`, { items: Array(5).fill(valid) })).status,
  ).toBe(200);
  const six = await postJson(`${server.url}/api/v1/predict/batch`, { items: Array(6).fill(valid) });
  expect(six.status).toBe(422);
  expect(six.body.error).toMatchObject({
    details: [{ path: "/items", message: "must have at most 5 items" }],
  });
});
