import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { runToExit } from "../support/run-to-exit.ts";
import { type ServerProcess, startServer } from "../support/server-process.ts";
import { valid } from "./hostile-cases.ts";

const allowed = "https://app.example.com";
const refused = "https://evil.example.net";
const key = "cors-test-key-3f9a1c7e5b2d";

let listed: ServerProcess;
let anyOrigin: ServerProcess;
let off: ServerProcess;
beforeAll(async () => {
  [listed, anyOrigin, off] = await Promise.all([
    startServer({
      args: ["--cors-origins", `${allowed}, http://localhost:3000`, "--api-keys", key],
    }),
    startServer({ args: ["--cors-origins", "*"] }),
    startServer(),
  ]);
}, 60_000);
afterAll(async () => {
  for (const server of [listed, anyOrigin, off]) expect(await server.stop()).toBe(0);
});

const preflight = (server: ServerProcess, origin: string, path = "/api/v1/predict") =>
  fetch(`${server.url}${path}`, {
    method: "OPTIONS",
    headers: {
      origin,
      "access-control-request-method": "POST",
      "access-control-request-headers": "content-type, x-api-key",
    },
  });

const predict = (
  server: ServerProcess,
  origin: string,
  headers: Record<string, string> = {},
  body: unknown = valid,
) =>
  fetch(`${server.url}/api/v1/predict`, {
    method: "POST",
    headers: { origin, "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });

describe("an explicit allow-list", () => {
  test("an allowed origin is echoed, with Vary: Origin and credentials", async () => {
    const reply = await predict(listed, allowed, { "x-api-key": key });
    expect(reply.status).toBe(200);
    expect(reply.headers.get("access-control-allow-origin")).toBe(allowed);
    expect(reply.headers.get("vary")).toBe("Origin");
    expect(reply.headers.get("access-control-allow-credentials")).toBe("true");
    expect(reply.headers.get("access-control-expose-headers")).toContain("x-request-id");
  });

  test("the second listed origin is allowed too", async () => {
    const reply = await predict(listed, "http://localhost:3000", { "x-api-key": key });
    expect(reply.headers.get("access-control-allow-origin")).toBe("http://localhost:3000");
  });

  test.each([
    ["another site", refused],
    ["the allowed host over http", "http://app.example.com"],
    ["a subdomain of the allowed host", "https://x.app.example.com"],
    ["the allowed host as a suffix", "https://app.example.com.evil.net"],
    ["the literal null origin", "null"],
  ])("%s is refused: no Allow-Origin", async (_name, origin) => {
    const reply = await predict(listed, origin, { "x-api-key": key });
    expect(reply.headers.get("access-control-allow-origin")).toBeNull();
    expect(reply.headers.get("vary")).toBe("Origin");
  });

  test("a preflight from an allowed origin is answered without a key", async () => {
    const reply = await preflight(listed, allowed);
    expect(reply.status).toBe(204);
    expect(reply.headers.get("access-control-allow-origin")).toBe(allowed);
    expect(reply.headers.get("access-control-allow-methods")).toBe("GET, HEAD, POST, OPTIONS");
    const allowedHeaders = reply.headers.get("access-control-allow-headers")?.split(", ");
    expect(allowedHeaders).toEqual(
      expect.arrayContaining(["content-type", "authorization", "x-api-key"]),
    );
    expect(reply.headers.get("access-control-max-age")).toBe("600");
  });

  test("a preflight from a refused origin gets no Allow-Origin", async () => {
    const reply = await preflight(listed, refused);
    expect(reply.headers.get("access-control-allow-origin")).toBeNull();
  });

  test("errors carry the CORS headers, so the browser can read them", async () => {
    const unauthorized = await predict(listed, allowed);
    expect(unauthorized.status).toBe(401);
    expect(unauthorized.headers.get("access-control-allow-origin")).toBe(allowed);
    const invalid = await predict(
      listed,
      allowed,
      { "x-api-key": key },
      { ...valid, tenure_months: -1 },
    );
    expect(invalid.status).toBe(422);
    expect(invalid.headers.get("access-control-allow-origin")).toBe(allowed);
  });
});

describe("any origin", () => {
  test("* is sent, never together with credentials", async () => {
    const reply = await predict(anyOrigin, refused);
    expect(reply.status).toBe(200);
    expect(reply.headers.get("access-control-allow-origin")).toBe("*");
    expect(reply.headers.get("access-control-allow-credentials")).toBeNull();
    const pre = await preflight(anyOrigin, refused);
    expect(pre.status).toBe(204);
    expect(pre.headers.get("access-control-allow-origin")).toBe("*");
    expect(pre.headers.get("access-control-allow-credentials")).toBeNull();
  });
});

describe("CORS off (the default)", () => {
  test("no CORS header on any answer, and no preflight", async () => {
    const reply = await predict(off, allowed);
    expect(reply.status).toBe(200);
    for (const name of reply.headers.keys()) expect(name).not.toStartWith("access-control-");
    const pre = await preflight(off, allowed);
    expect(pre.status).toBe(405);
    expect(pre.headers.get("access-control-allow-origin")).toBeNull();
  });
});

test.each([
  [
    ["--cors-origins", "app.example.com"],
    '--cors-origins: "app.example.com" is not an origin such as https://app.example.com',
  ],
  [
    ["--cors-origins", "*,https://a.example.com"],
    "--cors-origins: * allows every origin; give it alone",
  ],
])("a bad origin stops start-up: %p", async (args, message) => {
  const run = await runToExit(args);
  expect(run.code).not.toBe(0);
  expect(run.stderr).toStartWith(`ml-serving: ${message}`);
});
