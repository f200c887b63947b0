import { Registry } from "prom-client";
import type { EngineObserver } from "../engine/engine-observer.ts";
import type { PoolEvent } from "../workers/worker-pool.ts";
import { createEngineGauges, type GaugeSources } from "./engine-gauges.ts";
import { createErrorMetrics, type ErrorMetrics } from "./error-metrics.ts";
import { createHttpMetrics, type HttpMetrics } from "./http-metrics.ts";
import { createInferenceMetrics, type InferenceMetricsOptions } from "./inference-metrics.ts";
import { type BuildInfo, createModelMetrics, type ServedModel } from "./model-metrics.ts";
import { registerProcessMetrics } from "./process-metrics.ts";
import { createWorkerMetrics } from "./worker-metrics.ts";

export interface MetricsOptions extends InferenceMetricsOptions {
  build: BuildInfo;
}

export interface Metrics {
  readonly registry: Registry;
  /** Fed by the HTTP plugin (src/http/http-metrics.ts). */
  readonly http: HttpMetrics;
  /** Fed by the error handler's report hook. */
  readonly errors: ErrorMetrics;
  /** Give to the engine: counts every request and every onnxruntime call. */
  readonly engineObserver: EngineObserver;
  /** Give to the worker pool. */
  onPoolEvent(event: PoolEvent): void;
  /** Once the model is loaded and the engine runs: model info and the scrape-time gauges. */
  attach(sources: GaugeSources & { model: ServedModel }): void;
  /** The Prometheus text exposition of every metric. */
  render(): Promise<string>;
  readonly contentType: string;
}

/**
 * Every ml-serving metric in one registry of its own (not prom-client's global one), named
 * `ml_serving_*` with its unit in the name, plus the default process metrics that make sense
 * under Bun. docs/observability.md lists them.
 *
 * @example
 * const metrics = createMetrics({ modelVersion: "3f2a…", classes: ["no_churn", "churn"],
 *   maxBatchRows: 64, build: { version: "0.1.0", bunVersion: Bun.version, onnxruntimeVersion: "1.30.0" } });
 * await metrics.render(); // "# HELP ml_serving_http_requests_total …"
 */
export function createMetrics(options: MetricsOptions): Metrics {
  const registry = new Registry();
  registerProcessMetrics(registry);
  const gauges = createEngineGauges(registry);
  const model = createModelMetrics(registry, options.build);
  return {
    registry,
    http: createHttpMetrics(registry),
    errors: createErrorMetrics(registry),
    engineObserver: createInferenceMetrics(registry, options),
    onPoolEvent: createWorkerMetrics(registry),
    attach(sources) {
      model.modelLoaded(sources.model);
      gauges.attach(sources);
    },
    render: () => registry.metrics(),
    contentType: registry.contentType,
  };
}
