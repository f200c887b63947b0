import { availableParallelism } from "node:os";
import type { Config } from "../config/options.ts";
import { createInferenceEngine, type InferenceEngine } from "../engine/inference-engine.ts";
import { type App, createApp } from "../http/app.ts";
import type { Logger } from "../logging/logger.ts";
import type { Metrics } from "../metrics/create-metrics.ts";
import { type ModelInfo, modelInfo } from "../model/model-info.ts";
import { prepareSecurity, type Security } from "../security/prepare-security.ts";
import { createLifecycle, type Lifecycle } from "./lifecycle.ts";
import { createObservability } from "./observability.ts";
import { type PreparedModel, prepareModel } from "./prepare-model.ts";

/** Everything that serves, wired, before anything listens. */
export interface Serving {
  app: App;
  engine: InferenceEngine;
  lifecycle: Lifecycle;
  model: ModelInfo;
  prepared: PreparedModel;
  security: Security;
  metrics: Metrics | undefined;
}

export interface ServingOptions {
  /** Test builds only: mount the worker-fault route. */
  faultHooks?: boolean;
  /** Tests: stand something in front of the real engine (e.g. to script failures). */
  wrapEngine?: (engine: InferenceEngine) => InferenceEngine;
}

/**
 * Builds the whole server except the socket: security settings, the model package, metrics and
 * logs, the worker pool and batcher (started: every worker has loaded and warmed the model), and
 * the Elysia app. The entry point listens on it; in-process tests call `app.handle(request)`.
 * Throws, with a message for the operator, on anything that must be fixed first.
 *
 * @example
 * const serving = await createServing(loadConfig([], process.env), process.env, logger);
 * serving.lifecycle.markReady();
 */
export async function createServing(
  config: Config,
  env: Record<string, string | undefined>,
  logger: Logger,
  options: ServingOptions = {},
): Promise<Serving> {
  const cores = availableParallelism();
  if (config.workers * config.threads > cores) {
    // Allowed (an operator may know better), but inference threads then fight for the cores.
    logger.warn("workers × threads exceeds the cores: inference threads will contend", {
      workers: config.workers,
      threads: config.threads,
      cores,
    });
  }
  const security = prepareSecurity(config);
  for (const warning of security.warnings) logger.warn(warning);
  const prepared = await prepareModel({
    modelPath: config.model,
    manifestPath: config.manifest,
    runtimeDir: config.runtimeDir,
    env,
  });
  const { model, encoder } = prepared;
  if (prepared.nativeDir !== undefined) {
    logger.info("runtime files", { dir: prepared.nativeDir, unpacked: prepared.nativeUnpacked });
  }
  const observability = createObservability({ config, logger, model });
  const engine = createInferenceEngine({
    model,
    width: encoder.width,
    warmup: prepared.warmup,
    workers: config.workers,
    threads: config.threads,
    maxBatchSize: config.maxBatchSize,
    maxQueueDelayMs: config.maxQueueDelayMs,
    maxQueueRows: config.maxQueueRows,
    workerWatchdogMs: config.workerWatchdogMs,
    nativeDir: prepared.nativeDir,
    faultHooks: options.faultHooks ?? false,
    onPoolEvent: observability.onPoolEvent,
    observers: observability.engineObservers,
  });
  const loaded = await engine.start();
  const info = modelInfo(model, encoder.width, { ...loaded, loadedAt: new Date() });
  logger.info("model loaded", {
    name: info.name,
    version: info.version,
    sha256: info.sha256,
    source: info.source,
    workers: config.workers,
    threads_per_worker: config.threads,
    load_time_seconds: info.loadTimeSeconds,
    onnxruntime: info.onnxruntimeVersion,
  });
  const lifecycle = createLifecycle();
  observability.attach({ model: info, engine, lifecycle });
  const { metrics } = observability;
  const served = options.wrapEngine ? options.wrapEngine(engine) : engine;
  const app = createApp(
    {
      config,
      logger,
      manifest: model.manifest,
      encoder,
      model: info,
      engine: served,
      lifecycle,
      security,
      metrics,
    },
    { faultHooks: options.faultHooks ?? false },
  );
  return { app, engine, lifecycle, model: info, prepared, security, metrics };
}
