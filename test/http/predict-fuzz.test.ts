import { afterAll, beforeAll, expect, test } from "bun:test";
import fc from "fast-check";
import type { InferenceSession, Tensor } from "onnxruntime-node";
import type { Feature, Manifest } from "../../src/model/manifest-schema.ts";
import { float32Max } from "../../src/model/request-schema.ts";
import { createInProcessApp, type InProcessApp } from "../support/in-process-app.ts";

/**
 * Thousands of random and mutated bodies through the real validation, encoding, batcher and
 * workers (in this process, via app.handle): never a 5xx, never a crash, and every body the
 * manifest calls valid gets exactly what onnxruntime, run here directly, says for it.
 */

type Input = Record<string, unknown>;
type Real = InProcessApp;

let real: Real;
let manifest: Manifest;
let session: InferenceSession;
let TensorClass: typeof Tensor;

beforeAll(async () => {
  real = await createInProcessApp();
  manifest = real.manifest;
  const ort = await import("onnxruntime-node");
  TensorClass = ort.Tensor;
  session = await ort.InferenceSession.create(real.onnx);
}, 60_000);

afterAll(async () => {
  await real.close();
});

// An oracle written from the manifest, independent of the server's TypeBox schemas.

function featureIsValid(feature: Feature, value: unknown): boolean {
  switch (feature.type) {
    case "integer":
    case "number": {
      if (typeof value !== "number" || !Number.isFinite(value)) return false;
      if (feature.type === "integer" && !Number.isInteger(value)) return false;
      const minimum = Math.max(feature.minimum ?? -float32Max, -float32Max);
      const maximum = Math.min(feature.maximum ?? float32Max, float32Max);
      return value >= minimum && value <= maximum;
    }
    case "boolean":
      return typeof value === "boolean";
    case "enum":
      return typeof value === "string" && feature.values.includes(value);
  }
}

const comparisons = {
  ">=": (left: number, right: number) => left >= right,
  ">": (left: number, right: number) => left > right,
  "<=": (left: number, right: number) => left <= right,
  "<": (left: number, right: number) => left < right,
};

function isValidInput(value: unknown): value is Input {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  const input = value as Input;
  const names = new Set(manifest.features.map((feature) => feature.name));
  if (Object.keys(input).some((key) => !names.has(key))) return false;
  for (const feature of manifest.features) {
    if (!Object.hasOwn(input, feature.name) || !featureIsValid(feature, input[feature.name]))
      return false;
  }
  return (manifest.rules ?? []).every((rule) =>
    comparisons[rule.op](input[rule.left] as number, input[rule.right] as number),
  );
}

/** Class probabilities from onnxruntime directly, for the encoded rows. */
async function direct(inputs: Input[]): Promise<Float32Array> {
  const rows = real.encoder.encode(inputs);
  const feeds = {
    [manifest.input.name]: new TensorClass("float32", rows, [inputs.length, real.encoder.width]),
  };
  const outputs = await session.run(feeds, [manifest.outputs.probabilities]);
  return outputs[manifest.outputs.probabilities]?.data as Float32Array;
}

async function post(path: string, body: string | Uint8Array) {
  const response = await real.app.handle(
    new Request(`http://localhost${path}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
    }),
  );
  const text = await response.text();
  return { status: response.status, body: JSON.parse(text) as Record<string, unknown> };
}

function expectSameAsModel(probability: unknown, expected: Float32Array, row: number) {
  manifest.classes.forEach((label, index) => {
    const served = (probability as Record<string, number>)[label] as number;
    expect(
      Math.abs(served - (expected[row * manifest.classes.length + index] as number)),
    ).toBeLessThanOrEqual(1e-6);
  });
}

/** Checks one single-prediction answer against the oracle and, when valid, the model. */
async function checkSingle(
  reply: { status: number; body: Record<string, unknown> },
  value: unknown,
) {
  expect(reply.status).toBeLessThan(500);
  if (reply.status === 200) {
    expect(isValidInput(value)).toBe(true);
    expectSameAsModel(reply.body.probability, await direct([value as Input]), 0);
  } else {
    const error = reply.body.error as { code: string; details?: { path: string }[] };
    expect(["malformed_request", "invalid_input"]).toContain(error.code);
    if (reply.status === 422) expect(error.details?.length).toBeGreaterThan(0);
  }
}

// Arbitraries.

const finite = (min: number, max: number) =>
  fc.double({ min, max, noNaN: true, noDefaultInfinity: true });

function featureValue(feature: Feature): fc.Arbitrary<unknown> {
  switch (feature.type) {
    case "integer":
      return fc.integer({ min: feature.minimum ?? -1_000_000, max: feature.maximum ?? 1_000_000 });
    case "number": {
      const minimum = feature.minimum ?? -float32Max;
      return fc.oneof(
        finite(minimum, feature.maximum ?? Math.max(minimum, 0) + 10_000),
        finite(minimum, feature.maximum ?? float32Max),
      );
    }
    case "boolean":
      return fc.boolean();
    case "enum":
      return fc.constantFrom(...feature.values);
  }
}

/** Inputs of the manifest's shape, in bounds; the cross-field rules hold about half the time. */
const wellTyped = () =>
  fc.record(
    Object.fromEntries(manifest.features.map((feature) => [feature.name, featureValue(feature)])),
  ) as fc.Arbitrary<Input>;

/** Inputs that satisfy every rule too: the right side of each rule is moved to satisfy it. */
const validInput = () =>
  wellTyped().map((input) => {
    const fixed = { ...input };
    for (const rule of manifest.rules ?? []) {
      const left = fixed[rule.left] as number;
      const right = fixed[rule.right] as number;
      if (!comparisons[rule.op](left, right)) {
        fixed[rule.left] = right;
        fixed[rule.right] = left;
      }
    }
    return fixed;
  });

const hostileValue = fc.oneof(
  fc.constantFrom(
    null,
    "NaN",
    "Infinity",
    "-Infinity",
    -0,
    5e-324,
    1e308,
    -1e308,
    2 ** 53 + 2,
    float32Max * 2,
    -float32Max * 2,
    "",
    "x".repeat(10_000),
    [],
    {},
    true,
    0.5,
    -1,
    "month-to-month ",
  ),
  fc.jsonValue({ maxDepth: 4 }),
  fc.string(),
);

const hostileKey = fc.oneof(
  fc.constantFrom("__proto__", "constructor", "prototype", "toString", ""),
  fc.string(),
);

type Mutation = (input: Input) => Input;

/** Built when called: the manifest arrives in beforeAll. */
const mutation = (): fc.Arbitrary<Mutation> => {
  const names = manifest.features.map((feature) => feature.name);
  return fc.oneof(
    fc.constantFrom(...names).map((name) => (input: Input) => {
      const copy = { ...input };
      delete copy[name];
      return copy;
    }),
    fc.tuple(fc.constantFrom(...names), hostileValue).map(([name, value]) => (input: Input) => ({
      ...input,
      [name]: value,
    })),
    fc.tuple(hostileKey, hostileValue).map(([key, value]) => (input: Input) => {
      const copy = { ...input };
      Object.defineProperty(copy, key, {
        value,
        enumerable: true,
        configurable: true,
        writable: true,
      });
      return copy;
    }),
  );
};

type TextMutation = (text: string) => string | Uint8Array;

const textMutation: fc.Arbitrary<TextMutation> = fc.oneof(
  fc.nat().map((at) => (text: string) => text.slice(0, at % text.length)),
  fc.tuple(fc.nat(), fc.string({ minLength: 1, maxLength: 3 })).map(
    ([at, inserted]) =>
      (text: string) =>
        `${text.slice(0, at % text.length)}${inserted}${text.slice(at % text.length)}`,
  ),
  fc
    .nat()
    .map(
      (at) => (text: string) =>
        `${text.slice(0, at % text.length)}${text.slice((at % text.length) + 1)}`,
    ),
  fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })).map(([at, byte]) => (text: string) => {
    const bytes = new TextEncoder().encode(text);
    bytes[at % bytes.length] = byte;
    return bytes;
  }),
  fc.constant((text: string) => `[${text}]`),
  fc.constant((text: string) => text.replace("{", '{"tenure_months": 1, ')),
);

// The properties.

test("valid inputs get exactly the model's probabilities", async () => {
  await fc.assert(
    fc.asyncProperty(validInput(), async (input) => {
      expect(isValidInput(input)).toBe(true);
      const reply = await post("/api/v1/predict", JSON.stringify(input));
      expect(reply.status).toBe(200);
      await checkSingle(reply, input);
    }),
    { numRuns: 1500 },
  );
}, 120_000);

test("well-typed inputs: 200 with the model's answer when the rules hold, else 422 at the rule's field", async () => {
  await fc.assert(
    fc.asyncProperty(wellTyped(), async (input) => {
      const reply = await post("/api/v1/predict", JSON.stringify(input));
      expect(reply.status).toBe(isValidInput(input) ? 200 : 422);
      await checkSingle(reply, input);
    }),
    { numRuns: 800 },
  );
}, 120_000);

test("mutated inputs: exactly 200 or 422 as the manifest says, never a 5xx", async () => {
  await fc.assert(
    fc.asyncProperty(
      validInput(),
      fc.array(mutation(), { minLength: 1, maxLength: 3 }),
      async (input, mutations) => {
        const mutated = mutations.reduce((value, mutate) => mutate(value), input);
        const reply = await post("/api/v1/predict", JSON.stringify(mutated));
        expect(reply.status).toBe(isValidInput(mutated) ? 200 : 422);
        await checkSingle(reply, mutated);
      },
    ),
    { numRuns: 1500 },
  );
}, 120_000);

test("mutated bytes: 200, 400 or 422, never a 5xx; a 200 is always the model's answer", async () => {
  await fc.assert(
    fc.asyncProperty(validInput(), textMutation, async (input, mutate) => {
      const body = mutate(JSON.stringify(input));
      const reply = await post("/api/v1/predict", body);
      expect([200, 400, 422]).toContain(reply.status);
      if (reply.status === 200) {
        const text = typeof body === "string" ? body : new TextDecoder().decode(body);
        await checkSingle(reply, JSON.parse(text));
      } else {
        await checkSingle(reply, undefined);
      }
    }),
    { numRuns: 1500 },
  );
}, 120_000);

test("random JSON and random bytes: 400 or 422, never a 5xx", async () => {
  const randomBody = fc.oneof(
    fc.jsonValue({ maxDepth: 6 }).map((value) => JSON.stringify(value) ?? "null"),
    fc.string({ maxLength: 200 }),
    fc.uint8Array({ maxLength: 200 }),
  );
  await fc.assert(
    fc.asyncProperty(
      randomBody,
      fc.constantFrom("/api/v1/predict", "/api/v1/predict/batch"),
      async (body, path) => {
        const reply = await post(path, body);
        expect([400, 422]).toContain(reply.status);
      },
    ),
    { numRuns: 1000 },
  );
}, 120_000);

test("batches: 200 with every item's model answer in order when all are valid and 1…max, else 422", async () => {
  const item = fc.oneof(
    { weight: 4, arbitrary: validInput() },
    {
      weight: 1,
      arbitrary: fc.tuple(validInput(), mutation()).map(([input, mutate]) => mutate(input)),
    },
  );
  const maxItems = real.config.maxBatchItems;
  await fc.assert(
    fc.asyncProperty(fc.array(item, { maxLength: maxItems + 20 }), async (items) => {
      const reply = await post("/api/v1/predict/batch", JSON.stringify({ items }));
      const valid = items.length >= 1 && items.length <= maxItems && items.every(isValidInput);
      expect(reply.status).toBe(valid ? 200 : 422);
      if (!valid) return;
      const results = reply.body.results as { batch_index: number; probability: unknown }[];
      expect(results.map((result) => result.batch_index)).toEqual(items.map((_, index) => index));
      const expected = await direct(items);
      results.forEach((result, row) => {
        expectSameAsModel(result.probability, expected, row);
      });
    }),
    { numRuns: 300 },
  );
}, 120_000);

test("after all of it: no worker died, nothing reached the 500 handler", async () => {
  const stats = real.engine.stats();
  expect(stats.restarts).toBe(0);
  expect(stats.ready).toBe(stats.size);
  expect(real.logs.filter((line) => line.level === "error")).toEqual([]);
});
