import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runToExit } from "../support/run-to-exit.ts";
import { type ServerProcess, startServer } from "../support/server-process.ts";
import { valid } from "./hostile-cases.ts";

const inlineKey = "inline-key-5c1f0d8e2a7b4c9d";
const fileKey = "file-key-8e3a9b1c7d2f4e6a";
const commentedKey = "commented-key-0000000000";
const dir = mkdtempSync(join(tmpdir(), "ml-serving-auth-"));
const keyFile = join(dir, "api-keys");
writeFileSync(keyFile, `# keys for ml-serving\n\n${fileKey}\n# ${commentedKey}\n`, { mode: 0o600 });

let server: ServerProcess;
beforeAll(async () => {
  server = await startServer({
    args: ["--api-keys", inlineKey, "--api-keys-file", keyFile, "--log-level", "debug"],
  });
}, 60_000);
afterAll(async () => {
  expect(await server.stop()).toBe(0);
  rmSync(dir, { recursive: true, force: true });
});

async function call(path: string, headers: Record<string, string> = {}, body?: unknown) {
  const response = await fetch(`${server.url}${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: body === undefined ? headers : { "content-type": "application/json", ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: () => JSON.parse(text) };
}

describe("protected endpoints", () => {
  test("no key: 401 with a bare challenge", async () => {
    const reply = await call("/api/v1/predict", {}, valid);
    expect(reply.status).toBe(401);
    expect(reply.headers.get("www-authenticate")).toBe('Bearer realm="ml-serving"');
    expect(reply.json().error).toEqual({
      code: "unauthorized",
      message: "A valid API key is required",
    });
  });

  test.each([
    ["a wrong Bearer token", { authorization: "Bearer wrong-key-0000000000" }],
    ["a wrong X-API-Key", { "x-api-key": "wrong-key-0000000000" }],
    ["a key that is a prefix of the right one", { "x-api-key": inlineKey.slice(0, -1) }],
    ["the commented-out key from the file", { "x-api-key": commentedKey }],
  ])("%s: 401 invalid_token", async (_name, headers) => {
    const reply = await call("/api/v1/predict", headers, valid);
    expect(reply.status).toBe(401);
    expect(reply.headers.get("www-authenticate")).toBe(
      'Bearer realm="ml-serving", error="invalid_token"',
    );
    expect(reply.json().error.code).toBe("unauthorized");
    expect(reply.text).not.toContain("wrong-key");
  });

  test.each([
    ["the right key in Basic auth", { authorization: `Basic ${btoa(`user:${inlineKey}`)}` }],
    ["the right key without the Bearer scheme", { authorization: inlineKey }],
  ])("%s: 401", async (_name, headers) => {
    expect((await call("/api/v1/predict", headers, valid)).status).toBe(401);
  });

  test("a key in the query string is not accepted", async () => {
    expect((await call(`/api/v1/model?api_key=${inlineKey}`)).status).toBe(401);
  });

  test.each([
    ["the inline key as Bearer", { authorization: `Bearer ${inlineKey}` }],
    ["the inline key as X-API-Key", { "x-api-key": inlineKey }],
    ["the file's key as Bearer", { authorization: `Bearer ${fileKey}` }],
    ["the file's key as X-API-Key", { "x-api-key": fileKey }],
    ["a lower-case bearer scheme", { authorization: `bearer ${fileKey}` }],
    [
      "a wrong Bearer with a right X-API-Key",
      { authorization: "Bearer nope-nope-nope", "x-api-key": fileKey },
    ],
  ])("%s: the prediction is served", async (_name, headers) => {
    const reply = await call("/api/v1/predict", headers, valid);
    expect(reply.status).toBe(200);
    expect(reply.json().label).toBeOneOf(["churn", "no_churn"]);
  });

  test("the batch and model endpoints are protected too", async () => {
    expect((await call("/api/v1/predict/batch", {}, { items: [valid] })).status).toBe(401);
    expect((await call("/api/v1/model")).status).toBe(401);
    expect((await call("/api/v1/model", { "x-api-key": fileKey })).status).toBe(200);
  });

  test("an unknown path asks for a key before saying it does not exist", async () => {
    expect((await call("/api/v1/secret-route")).status).toBe(401);
    expect((await call("/api/v1/secret-route", { "x-api-key": fileKey })).status).toBe(404);
  });

  test("the key is checked before the body is read: a huge body without a key gets 401", async () => {
    const reply = await call("/api/v1/predict", {}, { ...valid, note: "x".repeat(3_000_000) });
    expect(reply.status).toBe(401);
  });

  test("Open Inference Protocol paths answer 401 in their own error format", async () => {
    const reply = await call("/v2/models/churn/infer", {}, { inputs: [] });
    expect(reply.status).toBe(401);
    expect(reply.json()).toEqual({ error: "A valid API key is required" });
  });
});

describe("open endpoints", () => {
  test.each(["/health", "/health/ready", "/health/"])("%s needs no key", async (path) => {
    const reply = await call(path);
    expect(reply.status).toBe(200);
    expect(reply.json().status).toBeOneOf(["alive", "ready"]);
  });

  test.each([
    ["/v2/health/live", "application/json"],
    ["/v2/health/ready", "application/json"],
    ["/openapi.json", "application/json"],
    ["/docs", "text/html"],
  ])("%s needs no key", async (path, type) => {
    const reply = await call(path);
    expect(reply.status).toBe(200);
    expect(reply.headers.get("content-type")).toStartWith(type);
  });

  test("model metadata under /v2 is protected", async () => {
    expect((await call("/v2/models/churn")).status).toBe(401);
    expect((await call("/v2/models/churn", { "x-api-key": fileKey })).status).toBe(200);
  });

  test("a path that only resolves to an open one is judged after resolution", async () => {
    // Bun resolves dot segments before routing, and so before the check.
    expect((await call("/health/../api/v1/model")).status).toBe(401);
  });
});

describe("keys never reach the logs", () => {
  test("no log line and no stderr output contains a key", async () => {
    await call("/api/v1/predict", { authorization: `Bearer ${inlineKey}` }, valid);
    await call("/api/v1/predict", { "x-api-key": fileKey }, valid);
    await call("/api/v1/predict", { "x-api-key": `${fileKey}x` }, valid);
    await Bun.sleep(100);
    expect(server.logs.length).toBeGreaterThan(3);
    for (const line of server.logs) {
      const text = JSON.stringify(line);
      for (const key of [inlineKey, fileKey, commentedKey]) expect(text).not.toContain(key);
    }
    expect(server.stderr()).not.toContain(inlineKey);
    const starting = server.logs.find((line) => line.msg === "starting ml-serving");
    expect(starting?.config).toMatchObject({ apiKeys: "[1 redacted]" });
    expect(server.logs.find((line) => line.msg === "ready")?.auth).toBe(true);
  });
});

describe("bad key configuration stops start-up", () => {
  test.each([
    [
      ["--api-keys-file", join(dir, "absent")],
      `cannot read --api-keys-file ${join(dir, "absent")}: no such file`,
    ],
    [["--api-keys-file", dir], `cannot read --api-keys-file ${dir}: it is a directory`],
  ])("%p", async (args, message) => {
    const run = await runToExit(args);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toBe(`ml-serving: ${message}\n`);
  });

  test("an empty key file", async () => {
    const empty = join(dir, "empty");
    writeFileSync(empty, "# nothing\n\n");
    const run = await runToExit(["--api-keys-file", empty]);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toBe(
      `ml-serving: --api-keys-file ${empty} holds no API key (only blank lines or # comments)\n`,
    );
  });
});
