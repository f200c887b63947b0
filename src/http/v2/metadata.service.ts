import { NotFoundError } from "../../errors.ts";
import type { ModelInfo } from "../../model/model-info.ts";
import { appVersion } from "../../version.ts";
import { quoted } from "./inference-request-error.ts";
import type { Datatype, ModelMetadata, ServerMetadata } from "./v2.model.ts";

/** The model named in a /v2 path, with the version when the path has one. */
export interface ModelTarget {
  name: string;
  version?: string | undefined;
}

/** The output tensors of the /v2 API: the model's probabilities and the argmax class index. */
export interface OutputTensor {
  name: string;
  datatype: Datatype;
  /** Columns per row; undefined for a [N] tensor. */
  columns: number | undefined;
}

export function outputTensors(model: Pick<ModelInfo, "outputs" | "classes">): OutputTensor[] {
  const probabilities = {
    name: model.outputs.probabilities,
    datatype: "FP32" as const,
    columns: model.classes.length,
  };
  const label = model.outputs.label ?? "label";
  return label === probabilities.name
    ? [probabilities]
    : [probabilities, { name: label, datatype: "INT64", columns: undefined }];
}

/** 404 unless the path names the served model (and its version, when it names one). */
export function assertServed(
  model: Pick<ModelInfo, "name" | "version">,
  target: ModelTarget,
): void {
  if (target.name !== model.name) {
    throw new NotFoundError(
      `Model ${quoted(target.name)} is not served here; this server serves ${quoted(model.name)}`,
    );
  }
  if (target.version !== undefined && target.version !== model.version) {
    throw new NotFoundError(
      `Model ${quoted(model.name)} has no version ${quoted(target.version)}; the version served is ${quoted(model.version)}`,
    );
  }
}

/** GET /v2 */
export function serverMetadata(): ServerMetadata {
  return { name: "ml-serving", version: appVersion, extensions: [] };
}

/**
 * GET /v2/models/{name}: the model's input as the FP32 [N, width] tensor it takes, and its
 * outputs, with -1 for the batch dimension.
 *
 * @example
 * modelMetadata(model) // { name: "churn", versions: ["…"], platform: "onnxruntime_onnx", inputs: [{ name: "features", datatype: "FP32", shape: [-1, 11] }], outputs: [...] }
 */
export function modelMetadata(model: ModelInfo): ModelMetadata {
  return {
    name: model.name,
    versions: [model.version],
    platform: "onnxruntime_onnx",
    inputs: [{ name: model.input.name, datatype: "FP32", shape: [-1, model.input.width] }],
    outputs: outputTensors(model).map((output) => ({
      name: output.name,
      datatype: output.datatype,
      shape: output.columns === undefined ? [-1] : [-1, output.columns],
    })),
  };
}
