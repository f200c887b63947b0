import { chunked, head } from "../support/raw-http.ts";

/**
 * The hostile requests of test/e2e/hostile-input.test.ts, as raw bytes on the wire: each with
 * the exact status and error code the server must answer (`code: null` where Bun's HTTP layer
 * answers by itself, before any of our code, with an empty body).
 */
export interface HostileCase {
  name: string;
  chunks: (string | Uint8Array)[];
  /** Pause between chunks (a slow client). */
  delayMs?: number;
  status: number;
  code: string | null;
  /** A field path the 422 answer must name. */
  path?: string;
  /** An Open Inference Protocol path: the answer is `{"error": "<message>"}`, without a code. */
  openInference?: boolean;
}

/** Put into the input wherever a value can go: it must never come back in an answer. */
export const marker = "Qz7EchoMarker";

export const valid = {
  tenure_months: 24,
  monthly_charges: 65.5,
  total_charges: 1572,
  num_products: 3,
  has_phone_service: true,
  has_internet: true,
  contract_type: "month-to-month",
  payment_method: "electronic",
};

const predict = "/api/v1/predict";
const batch = "/api/v1/predict/batch";
const json = "application/json";
const encoder = new TextEncoder();

/** The valid input as JSON text with one field's value replaced by raw JSON text. */
const withField = (name: string, rawValue: string) =>
  JSON.stringify({ ...valid, [name]: "@@" }).replace('"@@"', rawValue);
const withExtra = (rawPair: string) => `{${rawPair},${JSON.stringify(valid).slice(1)}`;

function post(
  path: string,
  body: string | Uint8Array,
  headers: Record<string, string | number> = { "Content-Type": json },
) {
  const bytes = typeof body === "string" ? encoder.encode(body) : body;
  return [head(`POST ${path} HTTP/1.1`, { ...headers, "Content-Length": bytes.byteLength }), bytes];
}

const postChunked = (path: string, pieces: string[], contentType = json) => [
  head(`POST ${path} HTTP/1.1`, { "Content-Type": contentType, "Transfer-Encoding": "chunked" }),
  chunked(pieces),
];

const get = (path: string) => [head(`GET ${path} HTTP/1.1`, {})];

const malformed = (name: string, body: string | Uint8Array): HostileCase => ({
  name,
  chunks: post(predict, body),
  status: 400,
  code: "malformed_request",
});
const invalid = (name: string, body: string, path: string, to = predict): HostileCase => ({
  name,
  chunks: post(to, body),
  status: 422,
  code: "invalid_input",
  path,
});
const unsupported = (name: string, contentType: string | undefined): HostileCase => ({
  name,
  chunks: post(
    predict,
    JSON.stringify({ ...valid, note: marker }),
    contentType === undefined ? {} : { "Content-Type": contentType },
  ),
  status: 415,
  code: "unsupported_media_type",
});
const bytes = (...parts: (string | number[])[]) =>
  Buffer.concat(
    parts.map((part) => (typeof part === "string" ? encoder.encode(part) : Uint8Array.from(part))),
  );

const nested = (depth: number) => `${"[".repeat(depth)}${"]".repeat(depth)}`;
const nestedObject = (depth: number) => `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;
const twoMegabytes = JSON.stringify({ ...valid, note: marker.repeat(160_000) });
const items = (count: number) =>
  JSON.stringify({ items: Array.from({ length: count }, () => valid) });
const validText = JSON.stringify(valid);
const pieces = (text: string, size: number) =>
  Array.from({ length: Math.ceil(text.length / size) }, (_, index) =>
    text.slice(index * size, (index + 1) * size),
  );

export const hostileCases: HostileCase[] = [
  // Malformed JSON: 400.
  malformed("truncated JSON", `{"tenure_months": 24, "note": "${marker}`),
  malformed("trailing comma", `{"note": "${marker}", }`),
  malformed("single quotes", `{'note': '${marker}'}`),
  malformed("unquoted keys", `{note: "${marker}"}`),
  malformed("a comment", `{/* ${marker} */}`),
  malformed("empty body", ""),
  malformed("whitespace only", "   \r\n\t "),
  malformed("two JSON values", `${validText}{"note":"${marker}"}`),
  malformed("NaN literal", withField("monthly_charges", "NaN")),
  malformed("Infinity literal", withField("monthly_charges", "Infinity")),
  malformed("hexadecimal number", withField("tenure_months", "0x18")),
  malformed("leading zeros", withField("tenure_months", "024")),
  malformed("raw control character in a string", `{"note": "${marker}\u0001"}`),
  malformed("invalid escape", `{"note": "${marker}\\x41"}`),
  // Not an object at the top: 400.
  malformed("array at the top", JSON.stringify([valid, marker])),
  malformed("string at the top", JSON.stringify(marker)),
  malformed("number at the top", "42"),
  malformed("null at the top", "null"),
  malformed("true at the top", "true"),
  // Invalid UTF-8: 400.
  malformed("invalid UTF-8 byte", bytes(`{"note": "${marker}`, [0xff, 0xfe], `"}`)),
  malformed("overlong UTF-8 encoding", bytes(`{"note": "${marker}`, [0xc0, 0xaf], `"}`)),
  malformed("truncated UTF-8 sequence", bytes(`{"note": "${marker}`, [0xe2, 0x82], `"}`)),
  malformed("UTF-16 body", Buffer.from(JSON.stringify({ ...valid, note: marker }), "utf16le")),
  // Nesting and keys that JSON.parse lets through: 400.
  malformed("100 nested arrays in a field", withField("tenure_months", nested(100))),
  malformed("500,000 nested arrays", `{"a":${nested(500_000)}}`),
  malformed("100,000 nested objects", `{"a":${nestedObject(100_000)}}`),
  malformed(
    "deep nesting inside a batch item",
    `{"items":[${withField("num_products", nested(40))}]}`,
  ),
  malformed("duplicate key", withExtra('"tenure_months": 120')),
  malformed("duplicate key written with an escape", withExtra('"tenure_month\\u0073": 120')),
  {
    name: "duplicate key in a batch item",
    chunks: post(batch, `{"items":[${withExtra('"contract_type": "two-year"')}]}`),
    status: 400,
    code: "malformed_request",
  },
  // Content types: 415.
  unsupported("text/plain", "text/plain"),
  unsupported("no content type", undefined),
  unsupported("form-urlencoded", "application/x-www-form-urlencoded"),
  unsupported("multipart", "multipart/form-data; boundary=x"),
  unsupported("JSON in latin1", "application/json; charset=latin1"),
  unsupported("XML", "application/xml"),
  unsupported("a lookalike type", "application/jsonp"),
  {
    name: "gzip-compressed body (not inflated: a zip bomb stays a few bytes)",
    chunks: post(predict, Bun.gzipSync(JSON.stringify({ ...valid, note: marker })), {
      "Content-Type": json,
      "Content-Encoding": "gzip",
    }),
    status: 415,
    code: "unsupported_media_type",
  },
  // Sizes: 413.
  {
    name: "2 MB body with Content-Length",
    chunks: post(predict, twoMegabytes),
    status: 413,
    code: "payload_too_large",
  },
  {
    name: "2 MB body, chunked, no Content-Length",
    chunks: postChunked(
      predict,
      Array.from({ length: 32 }, (_, i) => twoMegabytes.slice(i * 65536, (i + 1) * 65536)),
    ),
    status: 413,
    code: "payload_too_large",
  },
  {
    name: "Content-Length over the limit, body never sent",
    chunks: [
      head(`POST ${predict} HTTP/1.1`, { "Content-Type": json, "Content-Length": 2_000_000 }),
    ],
    status: 413,
    code: "payload_too_large",
  },
  {
    // Past Bun's own limit (4× ours, at least 16 MiB) Bun answers before our parser can.
    name: "Content-Length past Bun's own limit",
    chunks: [
      head(`POST ${predict} HTTP/1.1`, { "Content-Type": json, "Content-Length": 20_000_000 }),
      "{",
    ],
    status: 413,
    code: null,
  },
  // Schema and rules: 422 with the path.
  invalid("NaN as a string", withField("monthly_charges", '"NaN"'), "/monthly_charges"),
  invalid("Infinity as a string", withField("monthly_charges", '"Infinity"'), "/monthly_charges"),
  invalid("1e400 (parses to Infinity)", withField("monthly_charges", "1e400"), "/monthly_charges"),
  invalid("-1e400", withField("total_charges", "-1e400"), "/total_charges"),
  invalid("beyond float32 range", withField("total_charges", "1e39"), "/total_charges"),
  invalid(
    "huge integer",
    withField("tenure_months", "123456789012345678901234567890"),
    "/tenure_months",
  ),
  invalid("fraction in an integer field", withField("tenure_months", "24.5"), "/tenure_months"),
  invalid("below the minimum", withField("tenure_months", "-1"), "/tenure_months"),
  invalid("number as a string", withField("tenure_months", '"24"'), "/tenure_months"),
  invalid("boolean as a string", withField("has_internet", '"true"'), "/has_internet"),
  invalid("boolean as 1", withField("has_internet", "1"), "/has_internet"),
  invalid(
    "unknown enum value",
    withField("contract_type", JSON.stringify(marker)),
    "/contract_type",
  ),
  invalid(
    "enum in the wrong case",
    withField("contract_type", '"Month-To-Month"'),
    "/contract_type",
  ),
  invalid(
    "100,000-character string",
    withField("payment_method", JSON.stringify(marker.repeat(8000))),
    "/payment_method",
  ),
  invalid("lone surrogate", withField("payment_method", '"\\ud800"'), "/payment_method"),
  invalid("null value", withField("num_products", "null"), "/num_products"),
  invalid("array value", withField("num_products", "[3]"), "/num_products"),
  invalid("object value", withField("num_products", '{"value":3}'), "/num_products"),
  invalid("unknown field", withExtra(`"zz_unknown": "${marker}"`), "/zz_unknown"),
  invalid("1,000-character unknown field name", withExtra(`"${marker.repeat(80)}": 1`), "/"),
  invalid("__proto__ key", withExtra(`"__proto__": {"polluted": "${marker}"}`), "/__proto__"),
  invalid(
    "constructor key",
    withExtra(`"constructor": {"prototype": {"polluted": "${marker}"}}`),
    "/constructor",
  ),
  invalid(
    "missing field",
    JSON.stringify({ ...valid, tenure_months: undefined }),
    "/tenure_months",
  ),
  invalid("empty object", "{}", "/tenure_months"),
  invalid(
    "total_charges below monthly_charges",
    JSON.stringify({ ...valid, total_charges: 10 }),
    "/total_charges",
  ),
  invalid("empty batch", '{"items": []}', "/items", batch),
  invalid("101 items", items(101), "/items", batch),
  invalid("5,000 items", items(5_000), "/items", batch),
  invalid("items not an array", `{"items": "${marker}"}`, "/items", batch),
  invalid(
    "a batch item not an object",
    `{"items": [${validText}, "${marker}"]}`,
    "/items/1",
    batch,
  ),
  invalid(
    "one bad item among good ones",
    `{"items": [${validText}, ${validText}, ${withField("tenure_months", "-5")}]}`,
    "/items/2/tenure_months",
    batch,
  ),
  invalid(
    "a rule broken in a batch item",
    `{"items": [${JSON.stringify({ ...valid, total_charges: 1 })}]}`,
    "/items/0/total_charges",
    batch,
  ),
  // The Open Inference Protocol endpoint shares the parser and its limits.
  ...(
    [
      ["deep nesting", `{"inputs":${nested(100)}}`, 400],
      ["a duplicate key", '{"inputs":[],"inputs":[]}', 400],
      ["invalid UTF-8", bytes('{"inputs":"', [0xff], '"}'), 400],
      ["a body over the limit", twoMegabytes, 413],
      ["a non-JSON content type", validText, 415, "text/plain"],
      [
        "a wrongly shaped tensor",
        `{"inputs":[{"name":"features","shape":[1,11],"datatype":"FP32","data":["${marker}"]}]}`,
        400,
      ],
    ] as const
  ).map(
    ([name, body, status, contentType]): HostileCase => ({
      name: `v2 infer: ${name}`,
      chunks: post("/v2/models/churn/infer", body, { "Content-Type": contentType ?? json }),
      status,
      code: null,
      openInference: true,
    }),
  ),
  // Routes, methods, headers of ours.
  { name: "GET on a POST route", chunks: get(predict), status: 405, code: "method_not_allowed" },
  {
    name: "PUT on a POST route",
    chunks: post(predict, validText).map((chunk) =>
      typeof chunk === "string" ? chunk.replace("POST", "PUT") : chunk,
    ),
    status: 405,
    code: "method_not_allowed",
  },
  { name: "unknown route", chunks: get(`/api/v1/${marker}`), status: 404, code: "not_found" },
  {
    name: "bad X-Request-Timeout-Ms",
    chunks: post(predict, validText, { "Content-Type": json, "X-Request-Timeout-Ms": "soon" }),
    status: 400,
    code: "malformed_request",
  },
  // Broken HTTP: Bun's parser answers by itself and closes the connection.
  {
    name: "garbage instead of a request line",
    chunks: [`\x00\x01 ${marker}\r\n\r\n`],
    status: 400,
    code: null,
  },
  {
    name: "Content-Length and Transfer-Encoding together (smuggling)",
    chunks: [
      head(`POST ${predict} HTTP/1.1`, {
        "Content-Type": json,
        "Content-Length": 5,
        "Transfer-Encoding": "chunked",
      }),
      "0\r\n\r\n",
    ],
    status: 400,
    code: null,
  },
  {
    name: "Content-Length not a number",
    chunks: [
      head(`POST ${predict} HTTP/1.1`, { "Content-Type": json, "Content-Length": "abc" }),
      "{}",
    ],
    status: 400,
    code: null,
  },
  {
    name: "bad chunk size",
    chunks: [
      head(`POST ${predict} HTTP/1.1`, { "Content-Type": json, "Transfer-Encoding": "chunked" }),
      "zz\r\n{}\r\n0\r\n\r\n",
    ],
    status: 400,
    code: null,
  },
  {
    name: "20 KB header",
    chunks: [head("GET /health HTTP/1.1", { "X-Big": "a".repeat(20_000) })],
    status: 431,
    code: null,
  },
  {
    name: "250 headers",
    chunks: [
      head(
        "GET /health HTTP/1.1",
        Object.fromEntries(Array.from({ length: 250 }, (_, i) => [`X-H${i}`, "a"])),
      ),
    ],
    status: 431,
    code: null,
  },
  // RFC 9110 prescribes 505 here: the one 5xx, from Bun's parser before any of our code runs.
  {
    name: "unknown HTTP version",
    chunks: ["GET /health HTTP/9.9\r\nHost: x\r\n\r\n"],
    status: 505,
    code: null,
  },
  // Slow clients (the server runs with --request-timeout-ms 1500): 408 and the connection closed.
  {
    name: "body trickled with Content-Length",
    chunks: [
      head(`POST ${predict} HTTP/1.1`, {
        "Content-Type": json,
        "Content-Length": validText.length,
      }),
      ...pieces(validText, 8),
    ],
    delayMs: 250,
    status: 408,
    code: "body_timeout",
  },
  {
    name: "body trickled in chunks without Content-Length",
    chunks: [
      head(`POST ${predict} HTTP/1.1`, { "Content-Type": json, "Transfer-Encoding": "chunked" }),
      ...pieces(validText, 8).map((piece) => `8\r\n${piece.padEnd(8)}\r\n`),
    ],
    delayMs: 250,
    status: 408,
    code: "body_timeout",
  },
  {
    name: "body shorter than its Content-Length",
    chunks: [
      head(`POST ${predict} HTTP/1.1`, { "Content-Type": json, "Content-Length": 500 }),
      validText.slice(0, 40),
    ],
    status: 408,
    code: "body_timeout",
  },
];
