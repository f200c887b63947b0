import { type FieldIssue, InvalidInputError } from "../../errors.ts";
import { ruleIssues } from "../../model/rules.ts";
import type { AppDeps } from "../app-deps.ts";
import { float32Decimal } from "../float-format.ts";

export interface InferenceContext {
  deadline: number;
  signal?: AbortSignal;
}

export interface ClassPrediction {
  prediction: number;
  label: string;
  probability: Record<string, number>;
}

/** Index of the largest probability in row `row`; the first one on a tie. */
export function argmax(output: Float32Array, row: number, classes: number): number {
  let best = 0;
  for (let index = 1; index < classes; index += 1) {
    if ((output[row * classes + index] as number) > (output[row * classes + best] as number))
      best = index;
  }
  return best;
}

export function classPrediction(
  output: Float32Array,
  row: number,
  classes: readonly string[],
): ClassPrediction {
  const probability: Record<string, number> = {};
  classes.forEach((label, index) => {
    probability[label] = float32Decimal(output[row * classes.length + index] as number);
  });
  const prediction = argmax(output, row, classes.length);
  return { prediction, label: classes[prediction] as string, probability };
}

/** Rounds a duration for the response: microsecond resolution is plenty. */
const roundMs = (ms: number) => Math.round(ms * 1000) / 1000;

/**
 * Predictions for validated inputs: the manifest's cross-field rules, the encoding, the batcher,
 * and the class labels. Knows nothing of HTTP.
 */
export function createPredictService(
  deps: Pick<AppDeps, "manifest" | "encoder" | "engine" | "model">,
) {
  const { manifest, encoder, engine, model } = deps;
  const rules = manifest.rules ?? [];

  async function predictOne(input: Record<string, unknown>, context: InferenceContext) {
    const issues = ruleIssues(input, rules);
    if (issues.length > 0) throw new InvalidInputError(issues);
    const result = await engine.infer(encoder.encode([input]), 1, context);
    return {
      ...classPrediction(result.output, 0, manifest.classes),
      inference_time_ms: roundMs(result.inferenceMs),
      model_version: model.version,
    };
  }

  async function predictBatch(items: Record<string, unknown>[], context: InferenceContext) {
    const issues: FieldIssue[] = items.flatMap((item, index) =>
      ruleIssues(item, rules, `/items/${index}`),
    );
    if (issues.length > 0) throw new InvalidInputError(issues);
    const result = await engine.infer(encoder.encode(items), items.length, context);
    return {
      results: items.map((_, index) => ({
        ...classPrediction(result.output, index, manifest.classes),
        batch_index: index,
      })),
      batch_size: items.length,
      total_inference_time_ms: roundMs(result.inferenceMs),
      model_version: model.version,
    };
  }

  return { predictOne, predictBatch };
}

export type PredictService = ReturnType<typeof createPredictService>;
