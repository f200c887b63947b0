import { createDecoder, type RowIssue } from "../../model/decoder.ts";
import type { AppDeps } from "../app-deps.ts";
import { float32Decimal } from "../float-format.ts";
import { argmax, type InferenceContext } from "../predict/predict.service.ts";
import { InferenceRequestError, quoted } from "./inference-request-error.ts";
import {
  assertServed,
  type ModelTarget,
  type OutputTensor,
  outputTensors,
} from "./metadata.service.ts";
import { readMatrixData } from "./tensor-data.ts";
import type { InferenceRequest, InferenceResponse, ResponseTensor } from "./v2.model.ts";

/** Row issues shown in one error message; the rest are counted. */
const shownIssues = 10;

function describeIssue(issue: RowIssue): string {
  const columns =
    issue.columns === 1
      ? `column ${issue.column}`
      : `columns ${issue.column}–${issue.column + issue.columns - 1}`;
  return `row ${issue.row}, ${columns} (${issue.feature}) ${issue.message}`;
}

function selectOutputs(
  available: OutputTensor[],
  requested: InferenceRequest["outputs"],
): OutputTensor[] {
  if (requested === undefined || requested.length === 0) return available;
  const names = available.map((output) => output.name);
  const seen = new Set<string>();
  return requested.map(({ name }) => {
    const output = available.find((candidate) => candidate.name === name);
    if (output === undefined) {
      throw new InferenceRequestError(
        `Unknown output ${quoted(name)}; the model's outputs are ${names.join(", ")}`,
      );
    }
    if (seen.has(name))
      throw new InferenceRequestError(`Output ${quoted(name)} is requested twice`);
    seen.add(name);
    return output;
  });
}

/**
 * Inference through the Open Inference Protocol: the request's one input must be the model's
 * own FP32 [N, width] tensor; every row is checked by the decoder (the same bounds, types and
 * rules as /api/v1), then it goes through the same engine, batcher and deadlines. Knows
 * nothing of HTTP.
 */
export function createInferService(
  deps: Pick<AppDeps, "manifest" | "engine" | "model" | "config">,
) {
  const { engine, model } = deps;
  const decoder = createDecoder(deps.manifest);
  const { width } = decoder;
  const maxRows = deps.config.maxBatchItems;
  const inputName = model.input.name;
  const available = outputTensors(model);
  const classes = model.classes.length;

  function readInput(inputs: InferenceRequest["inputs"]): { tensor: Float32Array; rows: number } {
    const input = inputs[0];
    if (inputs.length !== 1 || input === undefined) {
      throw new InferenceRequestError(
        `The model takes one input, ${quoted(inputName)}; the request has ${inputs.length}`,
      );
    }
    if (input.name !== inputName) {
      throw new InferenceRequestError(
        `Unknown input ${quoted(input.name)}; the model's input is ${quoted(inputName)}`,
      );
    }
    const label = `Input ${quoted(inputName)}`;
    if (input.datatype !== "FP32") {
      throw new InferenceRequestError(`${label}: datatype must be FP32, not ${input.datatype}`);
    }
    const { shape } = input;
    const rows = shape[0] ?? 0;
    if (shape.length !== 2 || shape[1] !== width || rows < 1 || rows > maxRows) {
      const got = shape.length <= 4 ? `[${shape.join(", ")}]` : `${shape.length} dimensions`;
      throw new InferenceRequestError(
        `${label}: shape must be [N, ${width}] with N from 1 to ${maxRows}; the request says ${got}`,
      );
    }
    const tensor = readMatrixData(input.data, rows, width, label);
    const issues = decoder.check(tensor, rows, shownIssues + 1);
    if (issues.length > 0) {
      const shown = issues.slice(0, shownIssues).map(describeIssue);
      const more = issues.length > shownIssues ? "; and more" : "";
      throw new InferenceRequestError(`${label}: ${shown.join("; ")}${more}`);
    }
    return { tensor, rows };
  }

  function toTensor(
    output: OutputTensor,
    probabilities: Float32Array,
    rows: number,
  ): ResponseTensor {
    if (output.columns === undefined) {
      return {
        name: output.name,
        datatype: output.datatype,
        shape: [rows],
        data: Array.from({ length: rows }, (_, row) => argmax(probabilities, row, classes)),
      };
    }
    return {
      name: output.name,
      datatype: output.datatype,
      shape: [rows, output.columns],
      data: Array.from(probabilities, float32Decimal),
    };
  }

  /**
   * @example
   * await infer({ name: "churn" }, { inputs: [{ name: "features", datatype: "FP32", shape: [1, 11], data: [...] }] }, context)
   * // { model_name: "churn", model_version: "…", outputs: [{ name: "probabilities", shape: [1, 2], ... }, { name: "label", ... }] }
   */
  async function infer(
    target: ModelTarget,
    request: InferenceRequest,
    context: InferenceContext,
  ): Promise<InferenceResponse> {
    assertServed(model, target);
    const outputs = selectOutputs(available, request.outputs);
    const { tensor, rows } = readInput(request.inputs);
    const result = await engine.infer(tensor, rows, context);
    return {
      model_name: model.name,
      model_version: model.version,
      ...(request.id !== undefined && { id: request.id }),
      outputs: outputs.map((output) => toTensor(output, result.output, rows)),
    };
  }

  return { infer };
}

export type InferService = ReturnType<typeof createInferService>;
