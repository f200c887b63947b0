import { afterAll, beforeAll, expect, test } from "bun:test";
import { createInProcessApp, type InProcessApp } from "../support/in-process-app.ts";
import { request } from "../utils.ts";

let served: InProcessApp;
beforeAll(async () => {
  served = await createInProcessApp(["--body-limit-bytes", "1024"]);
});
afterAll(() => served.close());

async function errorOf(request: Request) {
  const response = await served.app.handle(request);
  const body = (await response.json()) as { error: { code: string; message: string } | string };
  return { status: response.status, error: body.error };
}

const example = JSON.stringify({ tenure_months: 1 });

// Elysia wraps what a parse hook throws in its own ParseError: the handler must unwrap ours.
test("the JSON body parser's own 400, 413 and 415 reach the client on /api/v1 and /v2", async () => {
  const cases: [
    path: string,
    body: string,
    headers: Record<string, string>,
    status: number,
    message: string,
  ][] = [
    [
      "/api/v1/predict",
      example,
      { "content-type": "text/plain" },
      415,
      "The request body must be application/json",
    ],
    ["/api/v1/predict", "[]", {}, 400, "The request body must be a JSON object"],
    [
      "/api/v1/predict",
      `{"x":"${"a".repeat(2000)}"}`,
      {},
      413,
      "The request body is larger than 1024 bytes",
    ],
    [
      "/v2/models/churn/infer",
      example,
      { "content-type": "text/plain" },
      415,
      "The request body must be application/json",
    ],
    ["/v2/models/churn/infer", "[]", {}, 400, "The request body must be a JSON object"],
    [
      "/v2/models/churn/infer",
      `{"x":"${"a".repeat(2000)}"}`,
      {},
      413,
      "The request body is larger than 1024 bytes",
    ],
  ];
  for (const [path, body, headers, status, message] of cases) {
    const { status: got, error } = await errorOf(request(path, { body: body, headers }));
    expect({
      path,
      status: got,
      message: typeof error === "string" ? error : error.message,
    }).toEqual({ path, status, message });
  }
});
