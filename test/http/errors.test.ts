import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { InferenceEngine } from "../../src/engine/inference-engine.ts";
import { DeadlineExceededError, QueueFullError } from "../../src/errors.ts";
import { createInProcessApp, type InProcessApp } from "../support/in-process-app.ts";
import { base, churnExample, get, post, read } from "../utils.ts";

let t: InProcessApp;
beforeAll(async () => {
  t = await createInProcessApp(["--body-limit-bytes", "2048"]);
});
afterAll(() => t.close());

const predict = (body: unknown, headers?: Record<string, string>) =>
  t.app.handle(post("/api/v1/predict", body, headers));

describe("errors are JSON with a stable code, as in the SPEC table", () => {
  test.each([
    ["malformed JSON", '{"tenure_months": 24,', "malformed_request"],
    ["truncated JSON", "{", "malformed_request"],
    ["a JSON array at the top", "[1, 2]", "malformed_request"],
    ["a JSON string at the top", '"hello"', "malformed_request"],
    ["null at the top", "null", "malformed_request"],
    ["an empty body", "", "malformed_request"],
  ])("400 for %s", async (_, body, code) => {
    const { status, body: answer, headers } = await read(await predict(body));
    expect(status).toBe(400);
    expect(answer.error.code).toBe(code);
    expect(headers.get("content-type")).toContain("application/json");
  });

  test("400 for a bad X-Request-Timeout-Ms", async () => {
    const { status, body } = await read(
      await predict(churnExample, { "x-request-timeout-ms": "soon" }),
    );
    expect(status).toBe(400);
    expect(body.error.message).toContain("X-Request-Timeout-Ms");
  });

  test("404 for an unknown route, with one JSON shape", async () => {
    const { status, body } = await read(await t.app.handle(get("/nope")));
    expect(status).toBe(404);
    expect(body.error.code).toBe("not_found");
  });

  test("405 with Allow for a known route and the wrong method", async () => {
    const { status, body, headers } = await read(await t.app.handle(get("/api/v1/predict")));
    expect(status).toBe(405);
    expect(body.error.code).toBe("method_not_allowed");
    expect(headers.get("allow")).toBe("POST");
    const onHealth = await read(await t.app.handle(post("/health", {})));
    expect(onHealth.status).toBe(405);
    expect(onHealth.headers.get("allow")).toBe("GET, HEAD");
  });

  test("413 for a body over the limit, by Content-Length and without one", async () => {
    const big = JSON.stringify({ ...churnExample, padding: "x".repeat(4000) });
    const declared = await read(await predict(big));
    expect(declared.status).toBe(413);
    expect(declared.body.error.code).toBe("payload_too_large");
    const stream = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(big));
        controller.close();
      },
    });
    const chunked = new Request(`${base}/api/v1/predict`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: stream,
    });
    const streamed = await read(await t.app.handle(chunked));
    expect(streamed.status).toBe(413);
    expect(streamed.body.error.code).toBe("payload_too_large");
  });

  test.each([
    ["text/plain", "text/plain"],
    ["form data", "application/x-www-form-urlencoded"],
    ["JSON in another charset", "application/json; charset=latin1"],
  ])("415 for %s", async (_, contentType) => {
    const { status, body } = await read(
      await predict(JSON.stringify(churnExample), { "content-type": contentType }),
    );
    expect(status).toBe(415);
    expect(body.error.code).toBe("unsupported_media_type");
  });

  test("415 when the content type is missing", async () => {
    const request = new Request(`${base}/api/v1/predict`, {
      method: "POST",
      body: new Blob([JSON.stringify(churnExample)]),
    });
    expect(request.headers.get("content-type")).toBeNull();
    const { status } = await read(await t.app.handle(request));
    expect(status).toBe(415);
  });

  test("JSON with a charset and a +json type is fine", async () => {
    expect(
      (await predict(churnExample, { "content-type": "application/json; charset=utf-8" })).status,
    ).toBe(200);
  });
});

describe("422 names the path of every offending field and never echoes values", () => {
  const cases: [string, Record<string, unknown>, { path: string; message: string }[]][] = [
    [
      "a missing field",
      { ...churnExample, tenure_months: undefined },
      [{ path: "/tenure_months", message: "is required" }],
    ],
    [
      "an unknown field",
      { ...churnExample, favourite_colour: "teal" },
      [{ path: "/favourite_colour", message: "is not a known field" }],
    ],
    [
      "a prototype key",
      JSON.parse(`{"__proto__": {"polluted": 1}, ${JSON.stringify(churnExample).slice(1)}`),
      [{ path: "/__proto__", message: "is not a known field" }],
    ],
    [
      "an integer above its bound",
      { ...churnExample, tenure_months: 121 },
      [{ path: "/tenure_months", message: "must be ≤ 120" }],
    ],
    [
      "a negative number",
      { ...churnExample, monthly_charges: -1 },
      [{ path: "/monthly_charges", message: "must be ≥ 0" }],
    ],
    [
      "a fraction for an integer",
      { ...churnExample, num_products: 2.5 },
      [{ path: "/num_products", message: "must be an integer" }],
    ],
    [
      "NaN written as a string",
      { ...churnExample, monthly_charges: "NaN" },
      [{ path: "/monthly_charges", message: "must be a finite number" }],
    ],
    [
      "a string for a boolean",
      { ...churnExample, has_internet: "yes" },
      [{ path: "/has_internet", message: "must be true or false" }],
    ],
    [
      "an unknown enum value",
      { ...churnExample, contract_type: "weekly" },
      [{ path: "/contract_type", message: "must be one of: month-to-month, one-year, two-year" }],
    ],
    [
      "total below monthly charges",
      { ...churnExample, total_charges: 10, monthly_charges: 50 },
      [
        {
          path: "/total_charges",
          message: "total_charges must be greater than or equal to monthly_charges",
        },
      ],
    ],
    [
      "several problems at once",
      { ...churnExample, tenure_months: -5, contract_type: 3, extra: true },
      [
        { path: "/extra", message: "is not a known field" },
        { path: "/tenure_months", message: "must be ≥ 0" },
        { path: "/contract_type", message: "must be one of: month-to-month, one-year, two-year" },
      ],
    ],
  ];
  test.each(cases)("for %s", async (_, body, details) => {
    const { status, body: answer } = await read(await predict(body));
    expect(status).toBe(422);
    expect(answer.error.code).toBe("invalid_input");
    expect([...answer.error.details].sort((a, b) => a.path.localeCompare(b.path))).toEqual(
      [...details].sort((a, b) => a.path.localeCompare(b.path)),
    );
    expect(JSON.stringify(answer)).not.toContain("teal");
  });

  test("a huge number parsed as Infinity is refused, not predicted", async () => {
    const { status, body } = await read(
      // The value replaced in place: a second "total_charges" key would be a 400 (duplicate key).
      await predict(JSON.stringify({ ...churnExample, total_charges: 0 }).replace(":0", ":1e400")),
    );
    expect(status).toBe(422);
    expect(body.error.details).toEqual([
      { path: "/total_charges", message: "must be a finite number" },
    ]);
  });

  test("batch errors point into items, including cross-field rules of later items", async () => {
    const items = [
      churnExample,
      { ...churnExample, total_charges: 1 },
      { ...churnExample, has_phone_service: null },
    ];
    const { status, body } = await read(
      await t.app.handle(post("/api/v1/predict/batch", { items })),
    );
    expect(status).toBe(422);
    expect(body.error.details).toEqual([
      { path: "/items/2/has_phone_service", message: "must be true or false" },
    ]);
    const ruleOnly = await read(
      await t.app.handle(post("/api/v1/predict/batch", { items: items.slice(0, 2) })),
    );
    expect(ruleOnly.body.error.details).toEqual([
      {
        path: "/items/1/total_charges",
        message: "total_charges must be greater than or equal to monthly_charges",
      },
    ]);
  });

  test("an empty batch and a batch that is not a list", async () => {
    const empty = await read(await t.app.handle(post("/api/v1/predict/batch", { items: [] })));
    expect(empty.status).toBe(422);
    expect(empty.body.error.details).toEqual([
      { path: "/items", message: "must have at least 1 item" },
    ]);
    const notList = await read(
      await t.app.handle(post("/api/v1/predict/batch", { items: churnExample })),
    );
    expect(notList.status).toBe(422);
    expect(notList.body.error.details[0].path).toBe("/items");
  });
});

describe("engine failures map to 503, 504 and a generic 500", () => {
  let scripted: InProcessApp;
  let failWith: unknown;
  beforeAll(async () => {
    scripted = await createInProcessApp([], {
      wrapEngine: (engine): InferenceEngine => ({
        ...engine,
        infer: () => Promise.reject(failWith),
      }),
    });
  });
  afterAll(() => scripted.close());
  const call = () => scripted.app.handle(post("/api/v1/predict", churnExample));

  test("503 with Retry-After when the queue is full", async () => {
    failWith = new QueueFullError();
    const { status, body, headers } = await read(await call());
    expect(status).toBe(503);
    expect(body.error.code).toBe("queue_full");
    expect(headers.get("retry-after")).toBe("1");
  });

  test("504 when the deadline passed before inference", async () => {
    failWith = new DeadlineExceededError();
    const { status, body } = await read(await call());
    expect(status).toBe(504);
    expect(body.error.code).toBe("deadline_exceeded");
  });

  test("refusals and timeouts are not logged one by one (an overload would flood the log)", () => {
    const perRequest = scripted.logs.filter((line) =>
      ["queue_full", "deadline_exceeded"].includes(String(line.code)),
    );
    expect(perRequest).toEqual([]);
  });

  test("500 with a generic message for a real fault: no stack, no detail", async () => {
    failWith = new TypeError("secret internal detail at /srv/app.ts:12");
    const { status, body } = await read(await call());
    expect(status).toBe(500);
    expect(body.error).toEqual({ code: "internal_error", message: "Internal server error" });
    expect(JSON.stringify(body)).not.toContain("secret");
    expect(
      scripted.logs.some(
        (line) => line.msg === "unhandled error" && String(line.error).includes("secret"),
      ),
    ).toBe(true);
  });

  test("503 while draining, before the body is even read", async () => {
    scripted.lifecycle.beginDrain();
    const { status, body } = await read(
      await scripted.app.handle(post("/api/v1/predict", "{not json")),
    );
    expect(status).toBe(503);
    expect(body.error.code).toBe("shutting_down");
  });
});
