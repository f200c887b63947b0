import type { Config } from "../config/options.ts";
import type { EngineObserver } from "../engine/engine-observer.ts";
import type { InferenceEngine } from "../engine/inference-engine.ts";
import type { Logger } from "../logging/logger.ts";
import { shedWarning, timeoutWarning } from "../logging/rejection-warnings.ts";
import { createMetrics, type Metrics } from "../metrics/create-metrics.ts";
import type { ModelInfo } from "../model/model-info.ts";
import type { ModelPackage } from "../model/model-package.ts";
import { appVersion, onnxruntimeVersion } from "../version.ts";
import type { PoolEvent } from "../workers/worker-pool.ts";
import type { Lifecycle } from "./lifecycle.ts";
import { logPoolEvent } from "./pool-events.ts";

export interface Observability {
  /** Undefined with `--metrics false`: no metrics are kept and GET /metrics is a 404. */
  metrics: Metrics | undefined;
  /** For the engine: metrics and the rate-limited warnings about shed and timed-out requests. */
  engineObservers: EngineObserver[];
  /** For the worker pool: logs and metrics. */
  onPoolEvent(event: PoolEvent): void;
  /** Once the engine runs: model info and the gauges read at scrape time. */
  attach(running: {
    model: ModelInfo;
    engine: Pick<InferenceEngine, "stats">;
    lifecycle: Lifecycle;
  }): void;
}

/**
 * Metrics and the logs that go with them, wired once for the entry point (and for tests that
 * build the app in-process the same way).
 *
 * @example
 * const observability = createObservability({ config, logger, model });
 * const engine = createInferenceEngine({ ...options, observers: observability.engineObservers,
 *   onPoolEvent: observability.onPoolEvent });
 */
export function createObservability(options: {
  config: Pick<Config, "metrics" | "maxBatchSize">;
  logger: Logger;
  model: Pick<ModelPackage, "version" | "manifest">;
}): Observability {
  const { config, logger, model } = options;
  const metrics = config.metrics
    ? createMetrics({
        modelVersion: model.version,
        classes: model.manifest.classes,
        maxBatchRows: config.maxBatchSize,
        build: { version: appVersion, bunVersion: Bun.version, onnxruntimeVersion },
      })
    : undefined;
  const warnings = [shedWarning(logger), timeoutWarning(logger)];
  return {
    metrics,
    engineObservers: metrics === undefined ? warnings : [metrics.engineObserver, ...warnings],
    onPoolEvent(event) {
      logPoolEvent(logger, event);
      metrics?.onPoolEvent(event);
    },
    attach({ model: info, engine, lifecycle }) {
      metrics?.attach({
        model: info,
        engineStats: () => engine.stats(),
        inFlightRequests: () => lifecycle.inFlight(),
        ready: () => {
          const stats = engine.stats();
          return lifecycle.phase === "ready" && stats.ready === stats.size;
        },
      });
    },
  };
}
