import { type Static, Type as T } from "@sinclair/typebox";
import { createEncoder } from "../../model/encoder.ts";
import type { Manifest } from "../../model/manifest-schema.ts";
import { tensorColumns } from "../../model/tensor-columns.ts";

// The tensor element types of the Open Inference Protocol, spelled out: Elysia's handler
// types need the tuple of literals, not a mapped array.
const Datatype = T.Union(
  [
    T.Literal("BOOL"),
    T.Literal("UINT8"),
    T.Literal("UINT16"),
    T.Literal("UINT32"),
    T.Literal("UINT64"),
    T.Literal("INT8"),
    T.Literal("INT16"),
    T.Literal("INT32"),
    T.Literal("INT64"),
    T.Literal("FP16"),
    T.Literal("FP32"),
    T.Literal("FP64"),
    T.Literal("BYTES"),
  ],
  { description: "Tensor element type" },
);

export type Datatype = Static<typeof Datatype>;

const Name = T.String({ minLength: 1, maxLength: 256 });

const Parameters = T.Record(T.String(), T.Unknown(), {
  description: "Key/value parameters; accepted and ignored by this server",
});

/** The error body of every /v2 endpoint, as the protocol defines it. */
export const v2ErrorBody = T.Object(
  { error: T.String({ description: "What is wrong, naming the input, row and column at fault" }) },
  { title: "Open Inference Protocol error" },
);

const errorOf = (description: string) =>
  T.Object(v2ErrorBody.properties, { title: "Open Inference Protocol error", description });

/** Error responses by status of the /v2 endpoints, for the API docs. */
export const v2ErrorResponses = {
  unknownModel: { 404: errorOf("No model of that name (or version) is served here") },
  infer: {
    400: errorOf(
      "Not a valid inference request for this model: malformed JSON, a wrong input name, datatype or shape, data that does not fill the shape, a value the model does not accept, an unknown output, or a bad X-Request-Timeout-Ms",
    ),
    401: errorOf("Missing or wrong API key (when auth is on)"),
    404: errorOf("No model of that name (or version) is served here"),
    413: errorOf("Body over the configured limit"),
    415: errorOf("A Content-Type that is not JSON (a request without one is read as JSON)"),
    500: errorOf("A real fault; generic message"),
    503: errorOf("Queue full (with Retry-After), not ready, or shutting down"),
    504: errorOf("The request's deadline passed before inference ran"),
  },
} as const;

const MetadataTensor = T.Object({
  name: T.String(),
  datatype: Datatype,
  shape: T.Array(T.Integer({ minimum: -1 }), {
    description: "-1 marks the variable batch dimension",
  }),
});

export const serverMetadata = T.Object(
  {
    name: T.String({ examples: ["ml-serving"] }),
    version: T.String(),
    extensions: T.Array(T.String(), { description: "Protocol extensions supported: none" }),
  },
  { title: "Server metadata" },
);

export const serverLive = T.Object({ live: T.Boolean() }, { title: "Server live" });
export const serverReady = T.Object(
  { ready: T.Boolean({ description: "As GET /health/ready: every worker warm and not draining" }) },
  { title: "Server ready" },
);
export const modelReady = T.Object(
  { name: T.String(), ready: T.Boolean() },
  { title: "Model ready" },
);

export const modelMetadata = T.Object(
  {
    name: T.String(),
    versions: T.Array(T.String(), { description: "The one version served" }),
    platform: T.String({ examples: ["onnxruntime_onnx"] }),
    inputs: T.Array(MetadataTensor),
    outputs: T.Array(MetadataTensor),
  },
  { title: "Model metadata" },
);

const ResponseOutput = T.Object({
  name: T.String(),
  shape: T.Array(T.Integer({ minimum: 0 })),
  datatype: Datatype,
  parameters: T.Optional(Parameters),
  data: T.Array(T.Number(), { description: "Row-major, flat" }),
});

export const inferenceResponse = T.Object(
  {
    model_name: T.String(),
    model_version: T.String(),
    id: T.Optional(T.String({ description: "The request's id, when it had one" })),
    parameters: T.Optional(Parameters),
    outputs: T.Array(ResponseOutput),
  },
  { title: "Inference response" },
);

export type ServerMetadata = Static<typeof serverMetadata>;
export type ModelMetadata = Static<typeof modelMetadata>;
export type InferenceResponse = Static<typeof inferenceResponse>;
export type ResponseTensor = Static<typeof ResponseOutput>;

/** Model name (and version) in the path, with the served ones as examples for the docs. */
export function modelPathParams(model: { name: string; version: string }) {
  const name = T.String({ description: "Model name", examples: [model.name] });
  const version = T.String({
    description: "Model version (GET /v2/models/{name} lists it)",
    examples: [model.version],
  });
  return { unversioned: T.Object({ name }), versioned: T.Object({ name, version }) };
}

/**
 * The inference request schema: the protocol's structure, with the served model's input and
 * outputs in the descriptions and the example (the manifest's example, encoded). Whether the
 * tensors fit the model is checked by the service, which can say exactly what is wrong.
 */
export function inferenceRequestSchema(manifest: Manifest, maxRows: number) {
  const encoder = createEncoder(manifest);
  const columns = tensorColumns(manifest)
    .map((column) => `${column.index}: ${column.feature} (${column.meaning})`)
    .join("; ");
  const outputs = [manifest.outputs.probabilities, manifest.outputs.label ?? "label"];
  const example = {
    id: "42",
    inputs: [
      {
        name: manifest.input.name,
        shape: [1, encoder.width],
        datatype: "FP32",
        data: [Array.from(encoder.encode([manifest.example]))],
      },
    ],
    outputs: outputs.map((name) => ({ name })),
  };
  const RequestInput = T.Object({
    name: T.String({ ...Name, description: `The model's input tensor: ${manifest.input.name}` }),
    shape: T.Array(T.Integer({ minimum: 0 }), {
      description: `[N, ${encoder.width}] with N from 1 to ${maxRows}`,
    }),
    datatype: T.Union(Datatype.anyOf, {
      description: "The protocol's datatypes; this model takes FP32",
    }),
    parameters: T.Optional(Parameters),
    data: T.Array(T.Unknown(), {
      description: `Row-major FP32 values, flat (N × ${encoder.width} numbers) or nested (N arrays of ${encoder.width}). Columns: ${columns}. Every row must encode a valid input: integers whole and in bounds, numbers in bounds, booleans 0 or 1, ordinal indexes valid, one-hot groups with exactly one 1, and the manifest's rules.`,
    }),
  });
  const RequestOutput = T.Object({
    name: T.String({ ...Name, description: `One of: ${outputs.join(", ")}` }),
    parameters: T.Optional(Parameters),
  });
  return T.Object(
    {
      id: T.Optional(T.String({ maxLength: 256, description: "Echoed in the response" })),
      parameters: T.Optional(Parameters),
      inputs: T.Array(RequestInput, {
        minItems: 1,
        description: `Exactly one: ${manifest.input.name}`,
      }),
      outputs: T.Optional(
        T.Array(RequestOutput, {
          description: "The outputs to return; all of them when absent or empty",
        }),
      ),
    },
    { title: `${manifest.name} inference request`, examples: [example] },
  );
}

export type InferenceRequest = Static<ReturnType<typeof inferenceRequestSchema>>;
