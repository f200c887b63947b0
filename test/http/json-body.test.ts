import { describe, expect, test } from "bun:test";
import { AppError } from "../../src/errors.ts";
import { isJsonContentType, maxJsonDepth, parseJsonBody } from "../../src/http/json-body.ts";

const url = "http://localhost/api/v1/predict";
const encoder = new TextEncoder();

function request(
  body: RequestInit["body"],
  headers: Record<string, string> = { "content-type": "application/json" },
) {
  return new Request(url, { method: "POST", headers, body });
}

/** A body that arrives in pieces, without a Content-Length. */
function streamed(pieces: string[], pauseMs = 0, end = true) {
  return new ReadableStream<Uint8Array>({
    async start(controller) {
      for (const piece of pieces) {
        controller.enqueue(encoder.encode(piece));
        if (pauseMs) await Bun.sleep(pauseMs);
      }
      if (end) controller.close();
    },
  });
}

async function failure(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    const { status, code, message } = error as AppError;
    return { status, code, message };
  }
  throw new Error("expected a failure");
}

describe("isJsonContentType", () => {
  test.each([
    ["application/json", true],
    ["Application/JSON; charset=UTF-8", true],
    ["application/json;charset=utf8", true],
    ["application/problem+json", true],
    ["application/json; charset=latin1", false],
    ["application/jsonp", false],
    ["text/json", false],
    ["text/plain", false],
    ["", false],
  ])("%s → %p", (header, expected) => {
    expect(isJsonContentType(header)).toBe(expected);
  });
  test("no header", () => expect(isJsonContentType(null)).toBe(false));
});

describe("parseJsonBody", () => {
  test("an object comes back parsed", async () => {
    expect(await parseJsonBody(request('{"a":[1,{"b":null}]}'), 1024)).toEqual({
      a: [1, { b: null }],
    });
  });

  test("a streamed body without Content-Length is read whole", async () => {
    const body = await parseJsonBody(request(streamed(['{"a":', '"', 'b"}'])), 1024, {
      timeoutMs: 1000,
    });
    expect(body).toEqual({ a: "b" });
  });

  test("413 by Content-Length, before reading", async () => {
    // The body never ends: reading it would hang the test.
    const big = request(streamed(["{"], 0, false), {
      "content-type": "application/json",
      "content-length": "5000",
    });
    expect(await failure(parseJsonBody(big, 1024))).toMatchObject({
      status: 413,
      code: "payload_too_large",
    });
  });

  test("413 while streaming a body that has no Content-Length", async () => {
    const pieces = Array.from({ length: 10 }, () => "x".repeat(200));
    const failed = await failure(parseJsonBody(request(streamed(pieces)), 1024));
    expect(failed).toMatchObject({ status: 413, code: "payload_too_large" });
  });

  test("408 for a body that stops arriving", async () => {
    const stalled = request(streamed(['{"a":'], 0, false));
    const failed = await failure(parseJsonBody(stalled, 1024, { timeoutMs: 50 }));
    expect(failed).toMatchObject({ status: 408, code: "body_timeout" });
  });

  test("415 for a compressed body", async () => {
    const gzipped = request(Bun.gzipSync("{}"), {
      "content-type": "application/json",
      "content-encoding": "gzip",
    });
    const failed = await failure(parseJsonBody(gzipped, 1024));
    expect(failed).toMatchObject({ status: 415, code: "unsupported_media_type" });
    const identity = request("{}", {
      "content-type": "application/json",
      "content-encoding": "identity",
    });
    expect(await parseJsonBody(identity, 1024)).toEqual({});
  });

  test("415 before reading anything", async () => {
    const failed = await failure(
      parseJsonBody(request("{}", { "content-type": "text/plain" }), 1024),
    );
    expect(failed).toMatchObject({ status: 415, code: "unsupported_media_type" });
  });

  test.each([
    [
      "invalid UTF-8",
      new Uint8Array([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d]),
      "not valid UTF-8",
    ],
    ["invalid JSON", "{", "not valid JSON"],
    ["an array", "[]", "must be a JSON object"],
    ["null", "null", "must be a JSON object"],
    ["a duplicate key", '{"a":1,"a":2}', "same key twice"],
    [
      "deep nesting",
      `{"a":${"[".repeat(maxJsonDepth)}${"]".repeat(maxJsonDepth)}}`,
      `more than ${maxJsonDepth} levels`,
    ],
  ])("400 for %s", async (_name, body, message) => {
    const failed = await failure(parseJsonBody(request(body), 1_000_000));
    expect(failed.status).toBe(400);
    expect(failed.code).toBe("malformed_request");
    expect(failed.message).toContain(message);
  });
});
