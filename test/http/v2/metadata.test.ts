import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { appVersion } from "../../../src/version.ts";
import { createInProcessApp, type InProcessApp } from "../../support/in-process-app.ts";
import { request } from "../../utils.ts";

let served: InProcessApp;
beforeAll(async () => {
  served = await createInProcessApp([], { ready: false });
});
afterAll(() => served.close());

async function get(path: string) {
  const response = await served.app.handle(request(path));
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe("Open Inference Protocol metadata and health", () => {
  // The lifecycle only moves forward (starting → ready → draining): these run in order.
  test("while starting, live is 200 and every readiness answer is 503", async () => {
    expect(await get("/v2/health/live")).toEqual({ status: 200, body: { live: true } });
    expect(await get("/v2/health/ready")).toEqual({ status: 503, body: { ready: false } });
    expect(await get("/v2/models/churn/ready")).toEqual({
      status: 503,
      body: { name: "churn", ready: false },
    });
    expect((await get("/health/ready")).status).toBe(503);
  });

  test("once ready, readiness is 200 like GET /health/ready", async () => {
    served.lifecycle.markReady();
    expect((await get("/health/ready")).status).toBe(200);
    expect(await get("/v2/health/ready")).toEqual({ status: 200, body: { ready: true } });
    expect(await get("/v2/models/churn/ready")).toEqual({
      status: 200,
      body: { name: "churn", ready: true },
    });
    const version = served.model.version;
    expect(await get(`/v2/models/churn/versions/${version}/ready`)).toEqual({
      status: 200,
      body: { name: "churn", ready: true },
    });
  });

  test("server metadata names the server and its version", async () => {
    expect(await get("/v2")).toEqual({
      status: 200,
      body: { name: "ml-serving", version: appVersion, extensions: [] },
    });
  });

  test("model metadata gives the input tensor from the manifest and both outputs", async () => {
    const expected = {
      name: "churn",
      versions: [served.model.version],
      platform: "onnxruntime_onnx",
      inputs: [{ name: "features", datatype: "FP32", shape: [-1, 11] }],
      outputs: [
        { name: "probabilities", datatype: "FP32", shape: [-1, 2] },
        { name: "label", datatype: "INT64", shape: [-1] },
      ],
    };
    expect(served.model.version).toMatch(/^[0-9a-f]{12}$/);
    expect(await get("/v2/models/churn")).toEqual({ status: 200, body: expected });
    expect(await get(`/v2/models/churn/versions/${served.model.version}`)).toEqual({
      status: 200,
      body: expected,
    });
  });

  test("an unknown model or version is a 404 with the protocol's error body", async () => {
    for (const path of [
      "/v2/models/penguins",
      "/v2/models/penguins/ready",
      "/v2/models/penguins/versions/1",
    ]) {
      expect(await get(path)).toEqual({
        status: 404,
        body: { error: 'Model "penguins" is not served here; this server serves "churn"' },
      });
    }
    for (const path of ["/v2/models/churn/versions/1", "/v2/models/churn/versions/1/ready"]) {
      expect(await get(path)).toEqual({
        status: 404,
        body: {
          error: `Model "churn" has no version "1"; the version served is "${served.model.version}"`,
        },
      });
    }
    expect(await get("/v2/nothing-here")).toEqual({
      status: 404,
      body: { error: "No such route" },
    });
  });

  test("a wrong method on a /v2 route is a 405 with the protocol's error body", async () => {
    const response = await served.app.handle(request("/v2/models/churn", { body: {} }));
    expect(response.status).toBe(405);
    expect(await response.json()).toEqual({ error: "Method not allowed; use GET, HEAD" });
  });

  test("while draining, readiness turns 503 and live stays 200", async () => {
    served.lifecycle.beginDrain();
    expect(await get("/v2/health/ready")).toEqual({ status: 503, body: { ready: false } });
    expect(await get("/v2/models/churn/ready")).toEqual({
      status: 503,
      body: { name: "churn", ready: false },
    });
    expect(await get("/v2/health/live")).toEqual({ status: 200, body: { live: true } });
  });
});
