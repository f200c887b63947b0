import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createEncoder } from "../../src/model/encoder.ts";
import { parseManifest } from "../../src/model/manifest.ts";
import { churnInputs } from "../support/churn-inputs.ts";
import { postJson, repoRoot, type ServerProcess, startServer } from "../support/server-process.ts";

const manifest = parseManifest(readFileSync(join(repoRoot, "models/churn.manifest.json"), "utf8"));
const encoder = createEncoder(manifest);

let server: ServerProcess;
beforeAll(async () => {
  server = await startServer();
}, 60_000);
afterAll(async () => {
  expect(await server.stop()).toBe(0);
});

interface V1Batch {
  results: { prediction: number; probability: { no_churn: number; churn: number } }[];
}
interface V2Response {
  model_name: string;
  model_version: string;
  id?: string;
  outputs: { name: string; datatype: string; shape: number[]; data: number[] }[];
}

const v2Body = (inputs: Record<string, unknown>[], nested: boolean, id?: string) => {
  const flat = Array.from(encoder.encode(inputs));
  const data = nested
    ? inputs.map((_, row) => flat.slice(row * encoder.width, (row + 1) * encoder.width))
    : flat;
  return {
    ...(id !== undefined && { id }),
    inputs: [{ name: "features", datatype: "FP32", shape: [inputs.length, encoder.width], data }],
  };
};

/** What /v2 must answer for rows that /api/v1 answered with `batch`. */
const expectedOutputs = (batch: V1Batch): V2Response["outputs"] => [
  {
    name: "probabilities",
    datatype: "FP32",
    shape: [batch.results.length, 2],
    data: batch.results.flatMap((result) => [
      result.probability.no_churn,
      result.probability.churn,
    ]),
  },
  {
    name: "label",
    datatype: "INT64",
    shape: [batch.results.length],
    data: batch.results.map((result) => result.prediction),
  },
];

describe("the Open Inference Protocol on the compiled binary", () => {
  test("metadata, liveness and readiness", async () => {
    const get = async (path: string) => {
      const response = await fetch(`${server.url}${path}`);
      return { status: response.status, body: await response.json() };
    };
    const model = (await (await fetch(`${server.url}/api/v1/model`)).json()) as { version: string };
    expect(await get("/v2")).toMatchObject({
      status: 200,
      body: { name: "ml-serving", extensions: [] },
    });
    expect(await get("/v2/health/live")).toEqual({ status: 200, body: { live: true } });
    expect(await get("/v2/health/ready")).toEqual({ status: 200, body: { ready: true } });
    expect(await get("/v2/models/churn/ready")).toEqual({
      status: 200,
      body: { name: "churn", ready: true },
    });
    expect(await get("/v2/models/churn")).toEqual({
      status: 200,
      body: {
        name: "churn",
        versions: [model.version],
        platform: "onnxruntime_onnx",
        inputs: [{ name: "features", datatype: "FP32", shape: [-1, 11] }],
        outputs: [
          { name: "probabilities", datatype: "FP32", shape: [-1, 2] },
          { name: "label", datatype: "INT64", shape: [-1] },
        ],
      },
    });
  });

  test("v2 and v1 give the same probabilities for the same rows, N from 1 to the batch maximum", async () => {
    for (const rows of [1, 2, 3, 10, 50, 99, 100]) {
      const inputs = churnInputs(rows, 1000 + rows);
      const v1 = await postJson(`${server.url}/api/v1/predict/batch`, { items: inputs });
      expect(v1.status).toBe(200);
      for (const nested of [false, true]) {
        const v2 = await postJson(
          `${server.url}/v2/models/churn/infer`,
          v2Body(inputs, nested, `r${rows}`),
        );
        expect({ rows, nested, status: v2.status }).toEqual({ rows, nested, status: 200 });
        const body = v2.body as unknown as V2Response;
        expect(body.id).toBe(`r${rows}`);
        expect(body.outputs).toEqual(expectedOutputs(v1.body as unknown as V1Batch));
      }
    }
    const tooMany = await postJson(
      `${server.url}/v2/models/churn/infer`,
      v2Body(churnInputs(101, 1), false),
    );
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error).toBe(
      'Input "features": shape must be [N, 11] with N from 1 to 100; the request says [101, 11]',
    );
  });

  test("concurrent v1 and v2 requests share the batcher and each gets its own rows' answer", async () => {
    const requests = Array.from({ length: 24 }, (_, index) =>
      churnInputs(1 + (index % 5), 5000 + index),
    );
    const answers = await Promise.all(
      requests.flatMap((inputs, index) => [
        postJson(`${server.url}/api/v1/predict/batch`, { items: inputs }),
        postJson(`${server.url}/v2/models/churn/infer`, v2Body(inputs, index % 2 === 0)),
      ]),
    );
    for (let index = 0; index < requests.length; index += 1) {
      const v1 = answers[index * 2];
      const v2 = answers[index * 2 + 1];
      if (v1 === undefined || v2 === undefined) throw new Error("an answer is missing");
      expect([v1.status, v2.status]).toEqual([200, 200]);
      expect((v2.body as unknown as V2Response).outputs).toEqual(
        expectedOutputs(v1.body as unknown as V1Batch),
      );
    }
  });

  test("bad requests are 4xx with the protocol's error body, and the server keeps serving", async () => {
    const valid = Array.from(encoder.encode([manifest.example]));
    const cases: [path: string, body: unknown, status: number, error: string][] = [
      [
        "/v2/models/churn/infer",
        { inputs: [{ name: "features", datatype: "INT64", shape: [1, 11], data: valid }] },
        400,
        'Input "features": datatype must be FP32, not INT64',
      ],
      [
        "/v2/models/churn/infer",
        { inputs: [{ name: "features", datatype: "FP32", shape: [11], data: valid }] },
        400,
        'Input "features": shape must be [N, 11] with N from 1 to 100; the request says [11]',
      ],
      [
        "/v2/models/churn/infer",
        {
          inputs: [{ name: "features", datatype: "FP32", shape: [1, 11], data: valid }],
          outputs: [{ name: "x" }],
        },
        400,
        'Unknown output "x"; the model\'s outputs are probabilities, label',
      ],
      [
        "/v2/models/penguins/infer",
        { inputs: [{ name: "features", datatype: "FP32", shape: [1, 11], data: valid }] },
        404,
        'Model "penguins" is not served here; this server serves "churn"',
      ],
    ];
    for (const [path, body, status, error] of cases) {
      const answer = await postJson(`${server.url}${path}`, body);
      expect({ status: answer.status, body: answer.body }).toEqual({ status, body: { error } });
    }
    const ok = await postJson(
      `${server.url}/v2/models/churn/infer`,
      v2Body([manifest.example], false),
    );
    expect(ok.status).toBe(200);
  });
});
