import type { Registry } from "prom-client";
import type { EngineObserver } from "../engine/engine-observer.ts";
import { AppError } from "../errors.ts";
import { batchRowsBuckets, durationBuckets } from "./buckets.ts";
import { type CounterChild, CounterFamily, HistogramFamily } from "./preallocated.ts";

/** How a prediction ended: the `outcome` label of `ml_serving_predictions_total`. */
export type PredictionOutcome =
  | "success"
  | "queue_full"
  | "timeout"
  | "not_ready"
  | "client_closed"
  | "error";

const outcomeByCode: Readonly<Record<string, PredictionOutcome>> = {
  queue_full: "queue_full",
  deadline_exceeded: "timeout",
  not_ready: "not_ready",
  client_closed: "client_closed",
};

const outcomes: readonly PredictionOutcome[] = [
  "success",
  "queue_full",
  "timeout",
  "not_ready",
  "client_closed",
  "error",
];

/** @example predictionOutcome(new QueueFullError()) // "queue_full" */
export function predictionOutcome(error: unknown): PredictionOutcome {
  return (error instanceof AppError && outcomeByCode[error.code]) || "error";
}

export interface InferenceMetricsOptions {
  modelVersion: string;
  /** The model's class labels, in output order. */
  classes: readonly string[];
  /** The batcher's largest batch, the top bucket of the rows-per-call histogram. */
  maxBatchRows: number;
}

/**
 * The engine's metrics, fed by the engine itself (an EngineObserver), so every caller of
 * `engine.infer` is counted: predictions by model version and outcome, predicted classes,
 * onnxruntime call duration and rows per call, queue wait and engine time per request.
 * Durations measured inside a worker reach the main thread in the worker's result message:
 * only the main thread's registry exists, so nothing needs aggregating.
 *
 * @example
 * const engine = createInferenceEngine({ ...options, observers: [createInferenceMetrics(registry, info)] });
 */
export function createInferenceMetrics(
  registry: Registry,
  options: InferenceMetricsOptions,
): EngineObserver {
  const { modelVersion, classes } = options;
  const predictions = new CounterFamily(registry, {
    name: "ml_serving_predictions_total",
    help: "Predictions (input rows) asked of the engine, by model version and outcome (success, queue_full, timeout, not_ready, client_closed, error)",
    labelNames: ["model_version", "outcome"],
  });
  const byOutcome = Object.fromEntries(
    outcomes.map((outcome) => [outcome, predictions.child(modelVersion, outcome)]),
  ) as Record<PredictionOutcome, CounterChild>;
  const predictedClass = new CounterFamily(registry, {
    name: "ml_serving_predicted_class_total",
    help: "Successful predictions by predicted (most probable) class, for watching drift",
    labelNames: ["model_version", "class"],
  });
  const classChildren = classes.map((label) => predictedClass.child(modelVersion, label));
  const inferenceDuration = new HistogramFamily(registry, {
    name: "ml_serving_inference_duration_seconds",
    help: "Time onnxruntime spent on one batch (one call), measured inside the worker",
    buckets: durationBuckets,
  }).child();
  const batchRows = new HistogramFamily(registry, {
    name: "ml_serving_inference_batch_rows",
    help: "Rows per onnxruntime call (the dynamic batch size)",
    buckets: batchRowsBuckets(options.maxBatchRows),
  }).child();
  const queueWait = new HistogramFamily(registry, {
    name: "ml_serving_queue_wait_seconds",
    help: "Time a successful request waited in the batcher's queue before its first rows left for a worker",
    buckets: durationBuckets,
  }).child();
  const requestDuration = new HistogramFamily(registry, {
    name: "ml_serving_inference_request_duration_seconds",
    help: "Time from handing a request to the engine to its result (queue wait, worker messaging, inference), successful requests",
    buckets: durationBuckets,
  }).child();
  const width = classes.length;
  const counts = new Float64Array(width);

  return {
    batchDone(rows, inferenceMs) {
      inferenceDuration.observe(inferenceMs / 1000);
      batchRows.observe(rows);
    },
    requestDone(rows, result, totalMs) {
      byOutcome.success.inc(rows);
      queueWait.observe(result.queueMs / 1000);
      requestDuration.observe(totalMs / 1000);
      const { output } = result;
      counts.fill(0);
      for (let row = 0; row < rows; row += 1) {
        // argmax, the first on a tie, as the predict service answers.
        let best = 0;
        for (let index = 1; index < width; index += 1) {
          if ((output[row * width + index] as number) > (output[row * width + best] as number))
            best = index;
        }
        counts[best] = (counts[best] as number) + 1;
      }
      for (let index = 0; index < width; index += 1) {
        const count = counts[index] as number;
        if (count > 0) classChildren[index]?.inc(count);
      }
    },
    requestFailed(rows, error) {
      byOutcome[predictionOutcome(error)].inc(rows);
    },
  };
}
