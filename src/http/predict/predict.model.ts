import { type Static, Type as T, type TObject } from "@sinclair/typebox";
import type { Manifest } from "../../model/manifest-schema.ts";
import { batchRequestSchema, singleRequestSchema } from "../../model/request-schema.ts";

/** The TypeBox schemas of the predict endpoints, generated from the manifest. */
export function predictModels(manifest: Manifest, maxBatchItems: number) {
  const { classes } = manifest;
  const probability = T.Object(
    Object.fromEntries(classes.map((label) => [label, T.Number({ minimum: 0, maximum: 1 })])),
    { description: "Probability of each class", additionalProperties: false },
  );
  // A string with an `enum` (for the docs) rather than a union of literals, which Elysia's
  // handler types cannot check against a string computed at run time.
  const label = T.String({ enum: classes, description: "The most probable class" });
  const prediction = T.Integer({
    minimum: 0,
    maximum: classes.length - 1,
    description: `Index of the most probable class in ${JSON.stringify(classes)}`,
  });
  const modelVersion = T.String({ description: "Version of the model that answered" });
  const singleResponse = T.Object(
    {
      prediction,
      label,
      probability,
      inference_time_ms: T.Number({
        description: "Time onnxruntime spent on the batch that carried this input",
      }),
      model_version: modelVersion,
    },
    { title: "Prediction" },
  );
  const batchResult = T.Object({
    prediction,
    label,
    probability,
    batch_index: T.Integer({ minimum: 0, description: "Position of the input in items" }),
  });
  const batchResponse = T.Object(
    {
      results: T.Array(batchResult),
      batch_size: T.Integer({ minimum: 1 }),
      total_inference_time_ms: T.Number({
        description: "Time onnxruntime spent on this request's rows",
      }),
      model_version: modelVersion,
    },
    { title: "Batch prediction" },
  );
  return {
    singleRequest: singleRequestSchema(manifest),
    batchRequest: batchRequestSchema(manifest, maxBatchItems) as TObject<{
      items: ReturnType<typeof T.Array<ReturnType<typeof singleRequestSchema>>>;
    }>,
    singleResponse,
    batchResponse,
  };
}

export type PredictModels = ReturnType<typeof predictModels>;
export type SingleResponse = Static<PredictModels["singleResponse"]>;
export type BatchResponse = Static<PredictModels["batchResponse"]>;
