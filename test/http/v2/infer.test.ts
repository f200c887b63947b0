import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import fc from "fast-check";
import { churnInputs } from "../../support/churn-inputs.ts";
import { createInProcessApp, type InProcessApp } from "../../support/in-process-app.ts";
import { request } from "../../utils.ts";

const maxRows = 16;
let served: InProcessApp;
beforeAll(async () => {
  served = await createInProcessApp(["--max-batch-items", String(maxRows)], { ready: false });
});
afterAll(() => served.close());

type Body = Record<string, unknown> & {
  error?: string;
  outputs?: { name: string; shape: number[]; datatype: string; data: number[] }[];
};

async function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await served.app.handle(request(path, { body: body, headers }));
  return { status: response.status, body: (await response.json()) as Body };
}

const valid = [24, 65.5, 1572, 3, 1, 1, 0, 1, 0, 0, 0];
const features = (data: unknown, shape: number[] = [1, 11], datatype = "FP32") => ({
  name: "features",
  shape,
  datatype,
  data,
});
const infer = (body: unknown, headers?: Record<string, string>) =>
  post("/v2/models/churn/infer", body, headers);

describe("inference through the Open Inference Protocol", () => {
  // The lifecycle only moves forward: this one runs first.
  test("is refused with 503 and the protocol's error body before the model is ready", async () => {
    const { status, body } = await infer({ inputs: [features(valid)] });
    expect(status).toBe(503);
    expect(body).toEqual({ error: "The model is not ready yet" });
    served.lifecycle.markReady();
  });

  test(`gives the same probabilities as /api/v1 for every N from 1 to ${maxRows}, flat and nested`, async () => {
    for (let rows = 1; rows <= maxRows; rows += 1) {
      const inputs = churnInputs(rows, rows);
      const v1 = await post("/api/v1/predict/batch", { items: inputs });
      expect(v1.status).toBe(200);
      const results = v1.body.results as {
        prediction: number;
        probability: Record<string, number>;
      }[];
      const encoded = served.encoder.encode(inputs);
      const nested = Array.from({ length: rows }, (_, row) =>
        Array.from(encoded.subarray(row * 11, row * 11 + 11)),
      );
      for (const data of [Array.from(encoded), nested]) {
        const v2 = await infer({ id: `n${rows}`, inputs: [features(data, [rows, 11])] });
        expect(v2.status).toBe(200);
        expect(v2.body).toEqual({
          model_name: "churn",
          model_version: served.model.version,
          id: `n${rows}`,
          outputs: [
            {
              name: "probabilities",
              datatype: "FP32",
              shape: [rows, 2],
              data: results.flatMap((result) => [
                result.probability.no_churn as number,
                result.probability.churn as number,
              ]),
            },
            {
              name: "label",
              datatype: "INT64",
              shape: [rows],
              data: results.map((result) => result.prediction),
            },
          ],
        });
      }
    }
  });

  test("probabilities are probabilities and the label is their argmax", async () => {
    const inputs = churnInputs(maxRows, 99);
    const { body } = await infer({
      inputs: [features(Array.from(served.encoder.encode(inputs)), [maxRows, 11])],
    });
    const [probabilities, label] = (body.outputs ?? []).map((output) => output.data);
    if (probabilities === undefined || label === undefined) throw new Error("outputs missing");
    for (let row = 0; row < maxRows; row += 1) {
      const [no, yes] = probabilities.slice(row * 2, row * 2 + 2) as [number, number];
      expect(no + yes).toBeCloseTo(1, 5);
      expect(label[row]).toBe(yes > no ? 1 : 0);
    }
    // A real model: not every row gets the same answer.
    expect(new Set(probabilities).size).toBeGreaterThan(2);
  });

  test("the versioned path answers for the served version", async () => {
    const { status, body } = await post(`/v2/models/churn/versions/${served.model.version}/infer`, {
      inputs: [features(valid)],
    });
    expect(status).toBe(200);
    expect(body.model_version).toBe(served.model.version);
    expect(body.id).toBeUndefined();
  });

  test("outputs[] selects and orders the outputs; parameters are accepted", async () => {
    const { status, body } = await infer({
      parameters: { binary_data_output: false },
      inputs: [{ ...features(valid), parameters: { content_type: "np" } }],
      outputs: [{ name: "label", parameters: { binary_data: false } }, { name: "probabilities" }],
    });
    expect(status).toBe(200);
    expect(body.outputs?.map((output) => output.name)).toEqual(["label", "probabilities"]);
    const empty = await infer({ inputs: [features(valid)], outputs: [] });
    expect(empty.body.outputs?.map((output) => output.name)).toEqual(["probabilities", "label"]);
  });

  test("a request without a Content-Type is read as JSON", async () => {
    const request = new Request("http://localhost/v2/models/churn/infer", {
      method: "POST",
      body: JSON.stringify({ inputs: [features(valid)] }),
    });
    request.headers.delete("content-type");
    const response = await served.app.handle(request);
    expect(response.status).toBe(200);
  });
});

describe("a request the model cannot take is a 400 that says what is wrong", () => {
  const cases: [name: string, body: unknown, error: string][] = [
    [
      "wrong datatype",
      { inputs: [features(valid, [1, 11], "INT64")] },
      'Input "features": datatype must be FP32, not INT64',
    ],
    [
      "FP64",
      { inputs: [features(valid, [1, 11], "FP64")] },
      'Input "features": datatype must be FP32, not FP64',
    ],
    [
      "a datatype the protocol does not have",
      { inputs: [features(valid, [1, 11], "FLOAT")] },
      "Not a valid inference request: /inputs/0/datatype must be one of: BOOL, UINT8, UINT16, UINT32, UINT64, INT8, INT16, INT32, INT64, FP16, FP32, FP64, BYTES",
    ],
    [
      "a shape of one dimension",
      { inputs: [features(valid, [11])] },
      'Input "features": shape must be [N, 11] with N from 1 to 16; the request says [11]',
    ],
    [
      "the wrong width",
      { inputs: [features(valid.slice(1), [1, 10])] },
      'Input "features": shape must be [N, 11] with N from 1 to 16; the request says [1, 10]',
    ],
    [
      "three dimensions",
      { inputs: [features(valid, [1, 11, 1])] },
      'Input "features": shape must be [N, 11] with N from 1 to 16; the request says [1, 11, 1]',
    ],
    [
      "no rows",
      { inputs: [features([], [0, 11])] },
      'Input "features": shape must be [N, 11] with N from 1 to 16; the request says [0, 11]',
    ],
    [
      "more rows than max-batch-items",
      { inputs: [features(Array(17).fill(valid), [17, 11])] },
      'Input "features": shape must be [N, 11] with N from 1 to 16; the request says [17, 11]',
    ],
    [
      "a negative dimension",
      { inputs: [features(valid, [-1, 11])] },
      "Not a valid inference request: /inputs/0/shape/0 must be ≥ 0",
    ],
    [
      "data that does not fill the shape",
      { inputs: [features(valid, [2, 11])] },
      'Input "features": data has 11 values; the shape [2, 11] needs 22',
    ],
    [
      "a string in the data",
      { inputs: [features([...valid.slice(0, 10), "0"])] },
      'Input "features": data[10] is a string; FP32 data must be JSON numbers',
    ],
    [
      "an unknown input",
      { inputs: [{ ...features(valid), name: "x" }] },
      'Unknown input "x"; the model\'s input is "features"',
    ],
    [
      "two inputs",
      { inputs: [features(valid), features(valid)] },
      'The model takes one input, "features"; the request has 2',
    ],
    [
      "no inputs",
      { inputs: [] },
      "Not a valid inference request: /inputs must have at least 1 item",
    ],
    ["no inputs field", { outputs: [] }, "Not a valid inference request: /inputs is required"],
    [
      "an unknown output",
      { inputs: [features(valid)], outputs: [{ name: "scores" }] },
      'Unknown output "scores"; the model\'s outputs are probabilities, label',
    ],
    [
      "an output asked twice",
      { inputs: [features(valid)], outputs: [{ name: "label" }, { name: "label" }] },
      'Output "label" is requested twice',
    ],
    ["a body that is an array", [], "The request body must be a JSON object"],
    ["malformed JSON", "{", "The request body is not valid JSON"],
    [
      "a tenure that is not whole, in row 1",
      { inputs: [features([valid, [2.5, ...valid.slice(1)]], [2, 11])] },
      'Input "features": row 1, column 0 (tenure_months) must be a whole number',
    ],
    [
      "a tenure over 120",
      { inputs: [features([121, ...valid.slice(1)])] },
      'Input "features": row 0, column 0 (tenure_months) must be ≤ 120',
    ],
    [
      "a boolean that is 2",
      { inputs: [features([...valid.slice(0, 4), 2, ...valid.slice(5)])] },
      'Input "features": row 0, column 4 (has_phone_service) must be 1 (true) or 0 (false)',
    ],
    [
      "an ordinal index out of range",
      { inputs: [features([...valid.slice(0, 6), 3, ...valid.slice(7)])] },
      'Input "features": row 0, column 6 (contract_type) must be the index of a value (0 = month-to-month, 1 = one-year, 2 = two-year)',
    ],
    [
      "a one-hot group with two 1s",
      { inputs: [features([...valid.slice(0, 7), 1, 1, 0, 0])] },
      'Input "features": row 0, columns 7–10 (payment_method) must be one-hot over 4 columns (electronic, mailed, bank, credit): one 1, the rest 0',
    ],
    [
      "total charges below monthly charges",
      { inputs: [features([24, 65.5, 10, ...valid.slice(3)])] },
      'Input "features": row 0, column 2 (total_charges) total_charges must be greater than or equal to monthly_charges',
    ],
  ];
  for (const [name, body, error] of cases) {
    test(name, async () => {
      expect(await infer(body)).toEqual({ status: 400, body: { error } });
    });
  }

  test("many bad rows: the first ten are named, the rest counted", async () => {
    const rows = Array.from({ length: 12 }, () => [0.5, ...valid.slice(1)]);
    const { status, body } = await infer({ inputs: [features(rows, [12, 11])] });
    expect(status).toBe(400);
    expect(body.error?.match(/row \d+, column 0 \(tenure_months\)/g)).toHaveLength(10);
    expect(body.error).toEndWith("; and more");
  });

  test("a bad X-Request-Timeout-Ms is a 400", async () => {
    expect(await infer({ inputs: [features(valid)] }, { "x-request-timeout-ms": "soon" })).toEqual({
      status: 400,
      body: { error: "X-Request-Timeout-Ms must be a positive whole number of milliseconds" },
    });
  });

  test("binary tensor data (Triton's extension) is refused with a 400 that says so", async () => {
    const { status, body } = await infer(
      { inputs: [features(valid)] },
      { "inference-header-content-length": "10" },
    );
    expect({ status, body }).toEqual({
      status: 400,
      body: { error: "Binary tensor data is not supported; send the tensors as JSON" },
    });
  });

  test("a Content-Type that is not JSON is a 415", async () => {
    const { status, body } = await infer(JSON.stringify({ inputs: [features(valid)] }), {
      "content-type": "text/plain",
    });
    expect({ status, body }).toEqual({
      status: 415,
      body: { error: "The request body must be application/json" },
    });
  });

  test("an unknown model or version is a 404", async () => {
    expect(await post("/v2/models/penguins/infer", { inputs: [features(valid)] })).toEqual({
      status: 404,
      body: { error: 'Model "penguins" is not served here; this server serves "churn"' },
    });
    expect(await post("/v2/models/churn/versions/7/infer", { inputs: [features(valid)] })).toEqual({
      status: 404,
      body: {
        error: `Model "churn" has no version "7"; the version served is "${served.model.version}"`,
      },
    });
  });

  test("random requests are never answered with a 5xx, and the process keeps serving", async () => {
    const tensorish = fc.record(
      {
        name: fc.constantFrom("features", "x", ""),
        shape: fc.array(fc.integer({ min: -2, max: 20 }), { maxLength: 3 }),
        datatype: fc.constantFrom("FP32", "INT64", "BYTES", "fp32"),
        data: fc.oneof(
          fc.array(
            fc.oneof(fc.double(), fc.integer({ min: -3, max: 3 }), fc.boolean(), fc.string()),
            { maxLength: 30 },
          ),
          fc.array(fc.array(fc.integer({ min: -1, max: 130 }), { minLength: 11, maxLength: 11 }), {
            maxLength: 3,
          }),
        ),
      },
      { requiredKeys: [] },
    );
    const body = fc.oneof(
      fc.jsonValue(),
      fc.record({
        inputs: fc.array(tensorish, { maxLength: 2 }),
        outputs: fc.option(fc.array(fc.record({ name: fc.string() }))),
      }),
    );
    await fc.assert(
      fc.asyncProperty(body, async (value) => {
        const { status, body: answer } = await infer(JSON.stringify(value) ?? "null");
        expect(status).toBeLessThan(500);
        if (status !== 200) expect(typeof answer.error).toBe("string");
      }),
      { numRuns: 300, seed: 7 },
    );
    expect((await infer({ inputs: [features(valid)] })).status).toBe(200);
  });
});
